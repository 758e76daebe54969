import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_FIXTURES_DIR, FIXTURE_ADMIN_KEY, loadFixtureDataset } from "../../../scripts/emulator/fixtures";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { get } from "./helpers";

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(DEFAULT_FIXTURES_DIR, name), "utf8"));
type Page = { data: Array<{ results: Array<Record<string, unknown>> }>; has_more: boolean; next_page: string | null };

describe("fixture files", () => {
  it("only use project ids that exist in projects.json", () => {
    const projects = new Set((fixture("projects.json") as { data: Array<{ id: string }> }).data.map((p) => p.id));
    for (const name of [
      "usage_completions.json",
      "usage_completions_page2.json",
      "usage_completions_dual.json",
      "usage_embeddings.json",
    ]) {
      for (const b of (fixture(name) as Page).data)
        for (const r of b.results) {
          if (r.project_id !== null && r.project_id !== undefined)
            expect(projects.has(r.project_id as string), `${name} ${String(r.project_id)}`).toBe(true);
        }
    }
    for (const name of ["project_users.json", "service_accounts.json", "project_api_keys.json"]) {
      for (const id of Object.keys(fixture(name) as object)) expect(projects.has(id), `${name} ${id}`).toBe(true);
    }
  });

  it("exercise nulls, omitted optional fields and an unknown field", () => {
    const results = [
      ...(fixture("usage_completions.json") as Page).data,
      ...(fixture("usage_completions_dual.json") as Page).data,
    ].flatMap((b) => b.results);
    expect(results.some((r) => r.user_id === null)).toBe(true);
    expect(results.some((r) => r.service_tier === null)).toBe(true);
    expect(results.some((r) => !("input_cached_tokens" in r))).toBe(true);
    expect(results.some((r) => !("service_tier" in r))).toBe(true);
    expect(results.some((r) => "output_reasoning_tokens" in r)).toBe(true);
    expect(new Set(results.map((r) => r.batch))).toEqual(new Set([true, false]));
    expect(new Set(results.map((r) => r.service_tier))).toEqual(
      new Set(["default", "flex", "priority", null, undefined]),
    );
  });
});

describe("fixtures mode server", () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ dataset: loadFixtureDataset() });
  });
  afterAll(() => emulator.close());
  const usage = (path: string, page?: string) =>
    `${emulator.url}/organization/usage/${path}?start_time=1730419200${page ? `&page=${encodeURIComponent(page)}` : ""}`;

  it("serves the completions pages exactly as the files, page 2 via next_page", async () => {
    const first = (await (await get(usage("completions"), FIXTURE_ADMIN_KEY)).json()) as Page;
    expect(first).toEqual(fixture("usage_completions.json"));
    expect(first.has_more).toBe(true);
    const second = await (await get(usage("completions", first.next_page!), FIXTURE_ADMIN_KEY)).json();
    expect(second).toEqual(fixture("usage_completions_page2.json"));
    expect((await get(usage("completions", "page_bogus"), FIXTURE_ADMIN_KEY)).status).toBe(400);
  });

  it("serves the dual fixture on request and the embeddings and legacy files", async () => {
    const dual = await (
      await get(usage("completions"), FIXTURE_ADMIN_KEY, { "x-emulator-fixture": "usage_completions_dual" })
    ).json();
    expect(dual).toEqual(fixture("usage_completions_dual.json"));
    expect(await (await get(usage("embeddings"), FIXTURE_ADMIN_KEY)).json()).toEqual(fixture("usage_embeddings.json"));
    const legacy = await get(`${emulator.url}/usage?date=2024-11-01`, "sk-proj-emu-fixtures-2");
    expect(await legacy.json()).toEqual(fixture("legacy_usage.json"));
  });

  it("serves the admin lists from the files", async () => {
    const projects = await (
      await get(`${emulator.url}/organization/projects?include_archived=true`, FIXTURE_ADMIN_KEY)
    ).json();
    expect(projects).toEqual(fixture("projects.json"));
    const keysByProject = fixture("project_api_keys.json") as Record<string, unknown>;
    for (const [projectId, expected] of Object.entries(keysByProject)) {
      expect(
        await (await get(`${emulator.url}/organization/projects/${projectId}/api_keys`, FIXTURE_ADMIN_KEY)).json(),
      ).toEqual(expected);
    }
    expect(await (await get(`${emulator.url}/organization/admin_api_keys`, FIXTURE_ADMIN_KEY)).json()).toEqual(
      fixture("admin_api_keys.json"),
    );
    expect(await (await get(`${emulator.url}/organization/certificates`, FIXTURE_ADMIN_KEY)).json()).toEqual(
      fixture("certificates.json"),
    );
  });

  it("reports ground truth equal to the sum of the served pages", async () => {
    const pages = [fixture("usage_completions.json"), fixture("usage_completions_page2.json")] as Page[];
    const input = pages
      .flatMap((p) => p.data.flatMap((b) => b.results))
      .reduce((s, r) => s + (r.input_tokens as number), 0);
    const totals = (await (await fetch(`${emulator.origin}/__emulator/totals`)).json()) as {
      completions: { totals: { input_tokens: number } };
    };
    expect(totals.completions.totals.input_tokens).toBe(input);
  });
});
