/**
 * The other usage endpoints in the emulator: off by default (empty buckets, every old value
 * unchanged), generated with `extraUsage`, paged like completions, consistent with their ground
 * truth, and reachable by a fault rule aimed at one path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeUsageTotals, generateDataset, usageForDay } from "../../../scripts/emulator/dataset";
import { computeEndpointTotals } from "../../../scripts/emulator/extra-totals";
import { COMPLETIONS_DETAIL_FIELDS, EXTRA_USAGE_KINDS } from "../../../scripts/emulator/extra-types";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { adminKey, allPages, DAY, get, SMALL, startSmall, sumResults, unix, type UsagePage } from "./helpers";

const window = { start_time: String(unix("2025-02-27")), end_time: String(unix("2025-03-22")) };
const SUMS: Record<(typeof EXTRA_USAGE_KINDS)[number], string[]> = {
  moderations: ["input_tokens", "num_model_requests"],
  images: ["images", "num_model_requests"],
  audio_speeches: ["characters", "num_model_requests"],
  audio_transcriptions: ["seconds", "num_model_requests"],
  vector_stores: ["usage_bytes"],
  code_interpreter_sessions: ["num_sessions"],
  web_search_calls: ["num_requests", "num_model_requests"],
  file_search_calls: ["num_requests"],
};
const OBJECTS: Record<(typeof EXTRA_USAGE_KINDS)[number], string> = {
  moderations: "organization.usage.moderations.result",
  images: "organization.usage.images.result",
  audio_speeches: "organization.usage.audio_speeches.result",
  audio_transcriptions: "organization.usage.audio_transcriptions.result",
  vector_stores: "organization.usage.vector_stores.result",
  code_interpreter_sessions: "organization.usage.code_interpreter_sessions.result",
  web_search_calls: "organization.usage.web_searches.result",
  file_search_calls: "organization.usage.file_searches.result",
};

const strip = (row: object) =>
  Object.fromEntries(
    Object.entries(row).filter(([k]) => !(COMPLETIONS_DETAIL_FIELDS as readonly string[]).includes(k)),
  );

describe("extra usage in the generated dataset", () => {
  it("leaves completions and embeddings exactly as without it, only adding the detail counters", () => {
    const plain = generateDataset(SMALL);
    const extra = generateDataset({ ...SMALL, extraUsage: true });
    expect(plain.extraUsage).toBeUndefined();
    for (const date of ["2025-03-01", "2025-03-10", "2025-03-20"]) {
      const a = usageForDay(plain, unix(date));
      const b = usageForDay(extra, unix(date));
      expect(a.completions.length).toBeGreaterThan(0);
      expect(a.completions.some((r) => "input_image_tokens" in r)).toBe(false);
      expect(b.completions.every((r) => "input_image_tokens" in r)).toBe(true);
      expect(b.completions.map(strip)).toEqual(a.completions);
      expect(b.embeddings).toEqual(a.embeddings);
    }
    expect(computeUsageTotals(extra)).toEqual(computeUsageTotals(plain));
  });

  it("keeps the detail counters inside the totals they are part of", () => {
    const ds = generateDataset({ ...SMALL, extraUsage: true });
    const rows = Array.from({ length: 20 }, (_, i) => usageForDay(ds, unix("2025-03-01") + i * DAY).completions).flat();
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) {
      const uncached = r.input_tokens - r.input_cached_tokens - r.input_audio_tokens;
      expect(r.input_cache_write_tokens! + r.input_image_tokens!).toBeLessThanOrEqual(uncached);
      expect(r.input_cached_image_tokens! + r.input_cached_audio_tokens!).toBeLessThanOrEqual(r.input_cached_tokens);
      expect(r.output_image_tokens!).toBeLessThanOrEqual(r.output_tokens);
    }
    expect(rows.some((r) => r.input_image_tokens! > 0) && rows.some((r) => r.input_cache_write_tokens! > 0)).toBe(true);
  });

  it("generates every endpoint, only inside the data range", () => {
    const ds = generateDataset({ ...SMALL, extraUsage: true });
    const truth = computeEndpointTotals(ds, { start: "2025-03-01", end: "2025-03-20" });
    for (const kind of EXTRA_USAGE_KINDS) expect(truth.endpoints[kind].totals.results, kind).toBeGreaterThan(0);
    const outside = ds.extraUsage!(unix("2025-02-28"));
    for (const kind of EXTRA_USAGE_KINDS) expect(outside[kind], kind).toEqual([]);
  });
});

describe("extra usage endpoints over HTTP", () => {
  let plain: EmulatorHandle;
  let extra: EmulatorHandle;
  beforeAll(async () => {
    plain = await startSmall();
    extra = await startSmall({ maxResultsPerPage: 5 }, { extraUsage: true });
  });
  afterAll(async () => {
    await plain.close();
    await extra.close();
  });

  it("answers empty day buckets without extra usage", async () => {
    for (const kind of EXTRA_USAGE_KINDS) {
      const response = await get(
        `${plain.url}/organization/usage/${kind}?start_time=${unix("2025-03-01")}&limit=3`,
        adminKey(plain),
      );
      expect(response.status, kind).toBe(200);
      const page = (await response.json()) as UsagePage;
      expect(page.data.map((b) => b.results.length)).toEqual([0, 0, 0]);
      expect(page.has_more).toBe(true);
    }
  });

  it("pages each endpoint so every result is covered once (sums == ground truth)", async () => {
    const response = await fetch(`${extra.origin}/__emulator/totals/endpoints?start=2025-02-27&end=2025-03-21`);
    expect(response.status).toBe(200);
    const truth = (await response.json()) as ReturnType<typeof computeEndpointTotals>;
    for (const kind of EXTRA_USAGE_KINDS) {
      const params = new URLSearchParams({ ...window, limit: "31" });
      const pages = await allPages(extra, `/organization/usage/${kind}`, params, adminKey(extra));
      const results = pages.flatMap((p) => p.data.flatMap((b) => b.results));
      expect(results.length, kind).toBeGreaterThan(0);
      expect(new Set(results.map((r) => r.object)), kind).toEqual(new Set([OBJECTS[kind]]));
      for (const field of SUMS[kind]) {
        expect(sumResults(pages, field), `${kind}.${field}`).toBe(truth.endpoints[kind].totals[field]);
      }
    }
  });

  it("groups by the endpoint's own keys and refuses the ones it does not have", async () => {
    const key = adminKey(extra);
    const url = `${extra.url}/organization/usage/images?start_time=${unix("2025-03-01")}&limit=5`;
    const grouped = (await (await get(`${url}&group_by[]=size&group_by[]=source`, key)).json()) as UsagePage;
    const results = grouped.data.flatMap((b) => b.results);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => typeof r.size === "string" && typeof r.source === "string" && r.model === null)).toBe(
      true,
    );
    const bad = await get(
      `${extra.url}/organization/usage/vector_stores?start_time=${unix("2025-03-01")}&group_by=model`,
      key,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Supported values are project_id/);
  });

  it("filters by the endpoint's own list filters", async () => {
    const key = adminKey(extra);
    const params = new URLSearchParams({ ...window, limit: "31", group_by: "context_level" });
    const path = "/organization/usage/web_search_calls";
    const all = await allPages(extra, path, params, key);
    params.append("context_levels[]", "high");
    const high = await allPages(extra, path, params, key);
    const levels = new Set(high.flatMap((p) => p.data.flatMap((b) => b.results.map((r) => r.context_level))));
    expect(levels).toEqual(new Set(["high"]));
    expect(sumResults(high, "num_requests")).toBeGreaterThan(0);
    expect(sumResults(high, "num_requests")).toBeLessThan(sumResults(all, "num_requests"));
  });

  it("a fault rule with a path hits only that endpoint", async () => {
    const key = adminKey(extra);
    extra.setFaults([{ key, fault: "forbidden", path: "/v1/organization/usage/images" }]);
    try {
      const q = `?start_time=${unix("2025-03-01")}&limit=1`;
      expect((await get(`${extra.url}/organization/usage/images${q}`, key)).status).toBe(403);
      expect((await get(`${extra.url}/organization/usage/completions${q}`, key)).status).toBe(200);
      expect((await get(`${extra.url}/organization/usage/images${q}`, key)).status).toBe(403);
    } finally {
      extra.clearFaults();
    }
  });
});
