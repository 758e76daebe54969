import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { adminKey, allPages, DAY, get, startSmall, sumResults, unix, type UsagePage } from "./helpers";

const COMPLETIONS = "/organization/usage/completions";
const EMBEDDINGS = "/organization/usage/embeddings";
const window = { start_time: String(unix("2025-02-25")), end_time: String(unix("2025-03-22")) }; // beyond both ends of the data

async function totals(emulator: EmulatorHandle, query: string) {
  const response = await fetch(`${emulator.origin}/__emulator/totals?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    completions: { totals: Record<string, number>; groups: Array<Record<string, unknown>> };
    embeddings: { totals: Record<string, number> };
  };
}

describe("usage endpoints", () => {
  let emulator: EmulatorHandle;
  let key: string;
  beforeAll(async () => {
    emulator = await startSmall({ maxResultsPerPage: 7 });
    key = adminKey(emulator);
  });
  afterAll(() => emulator.close());

  it("answers the documented page shape with day buckets, empty days included", async () => {
    const response = await get(`${emulator.url}${COMPLETIONS}?start_time=${unix("2025-02-27")}&limit=3`, key);
    expect(response.status).toBe(200);
    const page = (await response.json()) as UsagePage;
    expect(page.object).toBe("page");
    expect(page.data.map((b) => b.start_time)).toEqual([unix("2025-02-27"), unix("2025-02-28"), unix("2025-03-01")]);
    expect(page.data[0]).toEqual({
      object: "bucket",
      start_time: unix("2025-02-27"),
      end_time: unix("2025-02-28"),
      results: [],
    });
    const result = page.data[2].results[0];
    expect(result).toMatchObject({
      object: "organization.usage.completions.result",
      project_id: null,
      model: null,
      batch: null,
      service_tier: null,
    });
    expect(page.has_more).toBe(true);
    expect(page.next_page).toMatch(/^page_/);
  });

  it("covers every result exactly once across pages (sum over pages == ground truth)", async () => {
    const groupBy = ["project_id", "user_id", "api_key_id", "model", "batch", "service_tier"];
    const params = new URLSearchParams({ ...window, limit: "31" });
    for (const g of groupBy) params.append("group_by[]", g);
    const pages = await allPages(emulator, COMPLETIONS, params, key);
    expect(pages.length).toBeGreaterThan(5); // the 7-results cap splits days across pages
    expect(pages.at(-1)!.next_page).toBeNull();
    const truth = await totals(emulator, "start=2025-02-25&end=2025-03-21");
    expect(sumResults(pages, "input_tokens")).toBe(truth.completions.totals.input_tokens);
    expect(sumResults(pages, "output_tokens")).toBe(truth.completions.totals.output_tokens);
    expect(sumResults(pages, "input_cached_tokens")).toBe(truth.completions.totals.input_cached_tokens);
    expect(sumResults(pages, "num_model_requests")).toBe(truth.completions.totals.num_model_requests);
    const count = pages.reduce((n, p) => n + p.data.reduce((m, b) => m + b.results.length, 0), 0);
    expect(count).toBe(truth.completions.totals.results);
    // no duplicate finest-grain rows
    const seen = new Set<string>();
    for (const p of pages)
      for (const b of p.data)
        for (const r of b.results) {
          const id = `${b.start_time}|${groupBy.map((g) => String(r[g])).join("|")}`;
          expect(seen.has(id)).toBe(false);
          seen.add(id);
        }
    // a bucket split across pages repeats its start/end time on the next page
    for (const p of pages) for (const b of p.data) expect(b.end_time - b.start_time).toBe(DAY);
    expect(pages.every((p) => p.data.reduce((n, b) => n + b.results.length, 0) <= 7)).toBe(true);
  });

  it("sums across fields that are not grouped", async () => {
    const byModel = await allPages(
      emulator,
      COMPLETIONS,
      new URLSearchParams({ ...window, limit: "31", group_by: "model" }),
      key,
    );
    const truth = await totals(emulator, "start=2025-02-25&end=2025-03-21&by=day,model");
    const served = new Map<string, number>();
    for (const p of byModel)
      for (const b of p.data)
        for (const r of b.results) {
          expect(r.project_id).toBeNull();
          expect(r.api_key_id).toBeNull();
          const id = `${new Date(b.start_time * 1000).toISOString().slice(0, 10)}|${String(r.model)}`;
          expect(served.has(id)).toBe(false);
          served.set(id, r.input_tokens as number);
        }
    expect(served.size).toBe(truth.completions.groups.length);
    for (const g of truth.completions.groups)
      expect(served.get(`${String(g.day)}|${String(g.model)}`)).toBe(g.input_tokens);

    const ungrouped = await allPages(emulator, COMPLETIONS, new URLSearchParams({ ...window, limit: "31" }), key);
    for (const p of ungrouped) for (const b of p.data) expect(b.results.length).toBeLessThanOrEqual(1);
    expect(sumResults(ungrouped, "input_tokens")).toBe(truth.completions.totals.input_tokens);
  });

  it("applies filters and the batch flag", async () => {
    const org = emulator.dataset.organizations[0];
    const project = org.projects[1].id;
    const params = new URLSearchParams({ ...window, limit: "31" });
    params.append("project_ids[]", project);
    params.append("group_by[]", "project_id");
    params.append("group_by[]", "batch");
    const pages = await allPages(emulator, COMPLETIONS, params, key);
    const truth = await totals(emulator, "start=2025-02-25&end=2025-03-21&by=project");
    const expected = truth.completions.groups.find((g) => g.project === project)!;
    expect(sumResults(pages, "num_model_requests")).toBe(expected.num_model_requests);
    for (const p of pages) for (const b of p.data) for (const r of b.results) expect(r.project_id).toBe(project);

    const batchOnly = await allPages(
      emulator,
      COMPLETIONS,
      new URLSearchParams({ ...window, limit: "31", batch: "true", group_by: "batch" }),
      key,
    );
    for (const p of batchOnly) for (const b of p.data) for (const r of b.results) expect(r.batch).toBe(true);
  });

  it("serves embeddings with their own result object", async () => {
    const params = new URLSearchParams({ ...window, limit: "31", group_by: "model" });
    const pages = await allPages(emulator, EMBEDDINGS, params, key);
    const truth = await totals(emulator, "start=2025-02-25&end=2025-03-21");
    expect(sumResults(pages, "input_tokens")).toBe(truth.embeddings.totals.input_tokens);
    const any = pages.flatMap((p) => p.data.flatMap((b) => b.results))[0];
    expect(any.object).toBe("organization.usage.embeddings.result");
    expect(String(any.model)).toMatch(/^text-embedding/);
    expect(any).not.toHaveProperty("batch");
  });

  it("validates the query like the real API", async () => {
    const base = `${emulator.url}${COMPLETIONS}`;
    const cases: Array<[string, string]> = [
      ["", "start_time"],
      ["?start_time=abc", "start_time"],
      [`?start_time=${unix("2025-03-01")}&bucket_width=1h`, "bucket_width"],
      [`?start_time=${unix("2025-03-01")}&limit=32`, "limit"],
      [`?start_time=${unix("2025-03-01")}&limit=0`, "limit"],
      [`?start_time=${unix("2025-03-01")}&end_time=${unix("2025-02-01")}`, "end_time"],
      [`?start_time=${unix("2025-03-01")}&group_by=line_item`, "group_by"],
      [`?start_time=${unix("2025-03-01")}&page=page_nonsense`, "page"],
    ];
    for (const [query, param] of cases) {
      const response = await get(base + query, key);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: { param: string; type: string; message: string } };
      expect(body.error.param).toBe(param);
      expect(body.error.type).toBe("invalid_request_error");
    }
    const embeddingBatchGroup = await get(
      `${emulator.url}${EMBEDDINGS}?start_time=${unix("2025-03-01")}&group_by=batch`,
      key,
    );
    expect(embeddingBatchGroup.status).toBe(400);
  });

  it("rejects a tampered cursor and one reused for another query", async () => {
    const first = (await (
      await get(`${emulator.url}${COMPLETIONS}?start_time=${unix("2025-03-01")}&limit=1`, key)
    ).json()) as UsagePage;
    const cursor = first.next_page!;
    const bytes = Buffer.from(cursor.slice(5), "base64");
    bytes[15] ^= 1;
    const tampered = `page_${bytes.toString("base64")}`;
    const bad = await get(
      `${emulator.url}${COMPLETIONS}?start_time=${unix("2025-03-01")}&limit=1&page=${encodeURIComponent(tampered)}`,
      key,
    );
    expect(bad.status).toBe(400);
    const otherQuery = await get(
      `${emulator.url}${COMPLETIONS}?start_time=${unix("2025-03-01")}&group_by=model&page=${encodeURIComponent(cursor)}`,
      key,
    );
    expect(otherQuery.status).toBe(400);
    const good = await get(
      `${emulator.url}${COMPLETIONS}?start_time=${unix("2025-03-01")}&limit=1&page=${encodeURIComponent(cursor)}`,
      key,
    );
    expect(good.status).toBe(200);
  });

  it("defaults end_time to the emulator clock", async () => {
    const pages = await allPages(
      emulator,
      COMPLETIONS,
      new URLSearchParams({ start_time: String(unix("2025-03-15")) }),
      key,
    );
    const starts = pages.flatMap((p) => p.data.map((b) => b.start_time));
    expect(starts.at(-1)).toBe(unix("2025-03-21")); // now = 2025-03-21T12:00Z
  });

  it("keeps the ground truth identical across servers with the same seed", async () => {
    const other = await startSmall();
    try {
      const a = await totals(emulator, "by=day,model,project,api_key,batch");
      const b = await totals(other, "by=day,model,project,api_key,batch");
      expect(b).toEqual(a);
      const viaUnix = await totals(other, `start_time=${unix("2025-03-01")}&end_time=${unix("2025-03-21")}`);
      expect(viaUnix.completions.totals).toEqual(a.completions.totals);
    } finally {
      await other.close();
    }
  });
});
