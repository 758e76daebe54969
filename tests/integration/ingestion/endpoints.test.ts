/**
 * Every OpenAI usage endpoint through the real ingestion entry point, over real HTTP to the
 * emulator (extra usage on, small pages): exact totals per endpoint and day (and per the
 * endpoint's own group keys) against the emulator's ground truth, a second run changing nothing,
 * a 403 on one endpoint recorded as an issue while the rest land, and the analytics totals.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeUsageTotals, generateDataset } from "../../../scripts/emulator/dataset";
import { computeEndpointTotals, type EndpointTotalsDimension } from "../../../scripts/emulator/extra-totals";
import { EXTRA_USAGE_KINDS, type ExtraUsageKind } from "../../../scripts/emulator/extra-types";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { rowsOf, type Db, type DbHandle } from "@/db/types";
import { getUsageTotals } from "@/lib/analytics";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { createTestDb } from "../test-db";
import { DATASET, emulatorConfig, orgWithAdminKey, WINDOW } from "./harness";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startEmulator({
    dataset: generateDataset({ ...DATASET, extraUsage: true }),
    port: 0,
    maxResultsPerPage: 40,
  });
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

/** Ground-truth counter -> stored column, per endpoint. */
const COLUMNS: Record<ExtraUsageKind, Record<string, string>> = {
  moderations: { input_tokens: "input_tokens", num_model_requests: "requests" },
  images: { images: "images", num_model_requests: "requests" },
  audio_speeches: { characters: "characters", num_model_requests: "requests" },
  audio_transcriptions: { seconds: "audio_seconds", num_model_requests: "requests" },
  vector_stores: { usage_bytes: "usage_bytes" },
  code_interpreter_sessions: { num_sessions: "sessions" },
  web_search_calls: { num_requests: "tool_calls" },
  file_search_calls: { num_requests: "tool_calls" },
};
/** Each endpoint's own group keys, beside day and project. */
const DIMS: Record<ExtraUsageKind, EndpointTotalsDimension[]> = {
  moderations: ["model", "api_key"],
  images: ["model", "size", "source"],
  audio_speeches: ["model", "user"],
  audio_transcriptions: ["model"],
  vector_stores: [],
  code_interpreter_sessions: [],
  web_search_calls: ["model", "context_level"],
  file_search_calls: ["vector_store"],
};
const DIM_COLUMN: Record<EndpointTotalsDimension, string> = {
  day: "to_char(window_start at time zone 'UTC', 'YYYY-MM-DD')",
  model: "model",
  project: "project_id",
  api_key: "api_key_id",
  user: "provider_user_id",
  size: "image_size",
  source: "image_source",
  context_level: "context_level",
  vector_store: "vector_store_id",
};
const NO_MODEL = new Set<ExtraUsageKind>(["vector_stores", "code_interpreter_sessions", "file_search_calls"]);

async function storedGroups(db: Db, orgId: string, endpoint: string, dims: EndpointTotalsDimension[], cols: string[]) {
  const select = [
    ...dims.map((d) => `${DIM_COLUMN[d]} as "${d}"`),
    ...cols.map((c) => `sum(${c})::text as "${c}"`),
    "count(*) filter (where simulated)::int as simulated",
  ].join(", ");
  const groupBy = dims.map((_, i) => String(i + 1)).join(", ");
  return rowsOf<Record<string, string | null>>(
    await db.execute(sql`select ${sql.raw(select)} from usage_events
      where org_id = ${orgId}::uuid and endpoint = ${endpoint} group by ${sql.raw(groupBy)}`),
  );
}

async function snapshotAll(db: Db, orgId: string) {
  return JSON.stringify(
    rowsOf(await db.execute(sql`select * from usage_events where org_id = ${orgId}::uuid order by id`)),
  );
}

const keyOf = (dims: EndpointTotalsDimension[], g: Record<string, unknown>) =>
  dims.map((d) => String(g[d] ?? "")).join("|");

describe("every OpenAI usage endpoint against the emulator", () => {
  let orgId: string;
  let first: Awaited<ReturnType<typeof fetchAndStoreUsageForOrg>>;
  beforeAll(async () => {
    ({ orgId } = await orgWithAdminKey(handle.db, emulator));
    first = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "api" },
      { config: emulatorConfig(emulator) },
    );
  });

  it("succeeds without issues", () => {
    expect(first.status).toBe("succeeded");
    expect(first.telemetry.issues).toEqual([]);
  });

  for (const kind of EXTRA_USAGE_KINDS) {
    it(`stores ${kind} exactly per day, project and its own group keys`, async () => {
      const dims: EndpointTotalsDimension[] = ["day", "project", ...DIMS[kind]];
      const truth = computeEndpointTotals(emulator.dataset, { ...WINDOW, by: dims }).endpoints[kind];
      const counters = COLUMNS[kind];
      const expected = new Map(
        truth.groups.map((g) => [keyOf(dims, g), Object.keys(counters).map((c) => String(g[c]))]),
      );
      const stored = await storedGroups(handle.db, orgId, kind, dims, Object.values(counters));
      const actual = new Map(
        stored.map((s) => [keyOf(dims, s), Object.values(counters).map((c) => String(Number(s[c])))]),
      );
      expect(expected.size, kind).toBeGreaterThan(0);
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
      expect(stored.every((s) => Number(s.simulated) === 0)).toBe(true);
    });
  }

  it("stores the completions modality counters exactly per day", async () => {
    const truth = computeEndpointTotals(emulator.dataset, { ...WINDOW, by: ["day"] }).completions_details;
    const audio = computeUsageTotals(emulator.dataset, { ...WINDOW, by: ["day"] }).completions.groups;
    const stored = new Map(
      (
        await storedGroups(
          handle.db,
          orgId,
          "completions",
          ["day"],
          [
            "cache_write_5m_tokens",
            "input_image_tokens",
            "input_cached_image_tokens",
            "input_cached_audio_tokens",
            "output_image_tokens",
            "input_audio_tokens",
            "output_audio_tokens",
          ],
        )
      ).map((s) => [s.day, s]),
    );
    expect(truth.groups.length).toBe(21);
    for (const g of truth.groups) {
      const s = stored.get(g.day as string)!;
      expect(Number(s.cache_write_5m_tokens), String(g.day)).toBe(g.input_cache_write_tokens);
      expect(Number(s.input_image_tokens)).toBe(g.input_image_tokens);
      expect(Number(s.input_cached_image_tokens)).toBe(g.input_cached_image_tokens);
      expect(Number(s.input_cached_audio_tokens)).toBe(g.input_cached_audio_tokens);
      expect(Number(s.output_image_tokens)).toBe(g.output_image_tokens);
      const a = audio.find((x) => x.day === g.day)!;
      expect(Number(s.input_audio_tokens)).toBe(a.input_audio_tokens);
      expect(Number(s.output_audio_tokens)).toBe(a.output_audio_tokens);
    }
  });

  it("rows of endpoints without a model carry the endpoint's name; tokens stay 0 outside token endpoints", async () => {
    const rows = rowsOf<{ endpoint: string; models: string[]; input: string; output: string }>(
      await handle.db.execute(sql`select endpoint, array_agg(distinct model) as models,
        sum(input_tokens)::text as input, sum(output_tokens)::text as output
        from usage_events where org_id = ${orgId}::uuid group by endpoint order by endpoint`),
    );
    expect(rows.map((r) => r.endpoint).sort()).toEqual(["completions", "embeddings", ...EXTRA_USAGE_KINDS].sort());
    for (const r of rows) {
      if (NO_MODEL.has(r.endpoint as ExtraUsageKind)) expect(r.models).toEqual([r.endpoint]);
      if (!["completions", "embeddings", "moderations"].includes(r.endpoint))
        expect(Number(r.input), r.endpoint).toBe(0);
      if (r.endpoint !== "completions") expect(Number(r.output), r.endpoint).toBe(0);
    }
  });

  it("analytics counts completions, embeddings and moderations tokens, and every reported request", async () => {
    const usage = computeUsageTotals(emulator.dataset, WINDOW);
    const extra = computeEndpointTotals(emulator.dataset, WINDOW).endpoints;
    const totals = await getUsageTotals(handle.db, orgId, WINDOW);
    expect(totals.current.inputTokens).toBe(
      usage.completions.totals.input_tokens +
        usage.embeddings.totals.input_tokens +
        extra.moderations.totals.input_tokens,
    );
    expect(totals.current.outputTokens).toBe(usage.completions.totals.output_tokens);
    expect(totals.current.requests).toBe(
      usage.completions.totals.num_model_requests +
        usage.embeddings.totals.num_model_requests +
        extra.moderations.totals.num_model_requests +
        extra.images.totals.num_model_requests +
        extra.audio_speeches.totals.num_model_requests +
        extra.audio_transcriptions.totals.num_model_requests,
    );
  });

  it("a second run changes nothing", async () => {
    const before = await snapshotAll(handle.db, orgId);
    const second = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "cron" },
      { config: emulatorConfig(emulator) },
    );
    expect(second.status).toBe("succeeded");
    expect(second.telemetry.rowsInserted).toBe(0);
    expect(second.telemetry.rowsUpdated).toBe(0);
    expect(second.telemetry.rowsUnchanged).toBe(first.telemetry.rowsInserted);
    expect(await snapshotAll(handle.db, orgId)).toBe(before);
  });
});

describe("an endpoint the key may not read", () => {
  it("is a run issue in plain words; the other endpoints still land and the key is not failed", async () => {
    const key = "sk-admin-emu-no-images-0001";
    emulator.registerKey({ key, kind: "admin", org: emulator.dataset.organizations[0]!.id });
    emulator.addFault({ key, fault: "forbidden", path: "/v1/organization/usage/images" });
    const { orgId } = await orgWithAdminKey(handle.db, emulator, key);
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "api" },
      { config: emulatorConfig(emulator) },
    );
    expect(result.status).toBe("succeeded");
    expect(result.telemetry.keysFailed).toBe(0);
    expect(result.telemetry.issues).toHaveLength(1);
    expect(result.telemetry.issues[0]).toMatchObject({ code: "USAGE_ENDPOINT_DENIED", keys: ["Org admin key"] });
    expect(result.telemetry.issues[0]!.message).toMatch(/images usage \(403\).*other usage was stored/);

    const counts = new Map(
      rowsOf<{ endpoint: string; n: number }>(
        await handle.db.execute(sql`select endpoint, count(*)::int as n from usage_events
          where org_id = ${orgId}::uuid group by endpoint`),
      ).map((r) => [r.endpoint, Number(r.n)]),
    );
    expect(counts.has("images")).toBe(false);
    for (const endpoint of ["completions", "embeddings", ...EXTRA_USAGE_KINDS.filter((k) => k !== "images")]) {
      expect(counts.get(endpoint) ?? 0, endpoint).toBeGreaterThan(0);
    }
    const [sync] = rowsOf<{ status: string }>(
      await handle.db.execute(sql`select last_sync_status as status from provider_keys where org_id = ${orgId}::uuid`),
    );
    expect(sync!.status).toBe("ok");
  });
});
