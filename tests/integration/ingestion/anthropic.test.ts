import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle, type FaultMode } from "../../../scripts/emulator/server";
import type { AnthropicTotals } from "../../../scripts/emulator/anthropic/totals";
import { rowsOf, type DbHandle } from "@/db/types";
import type { AppConfig } from "@/lib/env";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { buildUsageCsv, CSV_COLUMNS, getUsageBreakdown, getUsageTimeSeries, getUsageTotals } from "@/lib/analytics";
import { createKey } from "@/lib/keys/create";
import { getOrgKeyRow } from "@/lib/keys/get";
import { createKeySchema } from "@/lib/keys/schemas";
import { sumDecimals } from "@/lib/money/decimal";
import { createTestDb, createTestOrg } from "../test-db";
import { adminCredential, emulatorConfig } from "./harness";

const END = "2026-10-31";
const WINDOW = { start: "2026-09-22", end: END }; // 40 UTC days

let handle: DbHandle;
let emulator: EmulatorHandle;
let config: AppConfig;
let truth: AnthropicTotals;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startEmulator({
    dataset: generateDataset({
      seed: 10_102,
      projects: 4,
      apiKeysPerProject: 3,
      users: 4,
      models: 3,
      days: 45,
      endDate: END,
      density: 0.5,
    }),
    port: 0,
    maxResultsPerPage: 60,
  });
  config = emulatorConfig(emulator, {
    ANTHROPIC_API_BASE_URL: emulator.anthropicUrl,
    ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: "60000",
    ANTHROPIC_ADMIN_MAX_BURST: "1000",
  });
  const res = await fetch(
    `${emulator.origin}/__emulator/anthropic/totals?start=${WINDOW.start}&end=${END}&by=day,workspace,model&cost_by=day,workspace,model`,
  );
  truth = (await res.json()) as AnthropicTotals;
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

const anthropicAdminKey = () => emulator.dataset.anthropic!.credentials.find((c) => c.kind === "admin")!.key;

/** A new organization with an OpenAI admin key and an Anthropic admin key (the given one, or the emulator's). */
async function orgWithBothProviders(anthropicKey = anthropicAdminKey(), anthropicLabel = "Anthropic admin") {
  const { org, actor } = await createTestOrg(handle.db, "owner", "anthropic");
  const { key: openai } = await createKey(
    handle.db,
    actor,
    createKeySchema.parse({
      provider: "openai",
      label: "OpenAI admin",
      usageMode: "admin",
      ...adminCredential(emulator),
    }),
  );
  const { key: anthropic } = await createKey(
    handle.db,
    actor,
    createKeySchema.parse({ provider: "anthropic", label: anthropicLabel, apiKey: anthropicKey }),
  );
  return { orgId: org.id, openai, anthropic };
}

const run = (orgId: string, cfg = config) =>
  fetchAndStoreUsageForOrg(handle.db, orgId, { ...WINDOW, trigger: "api" }, { config: cfg });

async function query<T>(q: ReturnType<typeof sql>) {
  return rowsOf<T>(await handle.db.execute(q));
}

const parseCsv = (text: string) =>
  parse(text, { columns: true, record_delimiter: "\r\n" }) as Record<(typeof CSV_COLUMNS)[number], string>[];

const groupKey = (day: string, workspace: string | null | undefined, model: string | null | undefined) =>
  JSON.stringify([day, workspace ?? null, model ?? null]);

describe("Anthropic through the one ingestion entry point, against the emulator over HTTP (40 days)", () => {
  let orgId: string;
  let result: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    ({ orgId } = await orgWithBothProviders());
    result = await run(orgId);
  });

  it("stores token sums per day, workspace and model equal to the emulator's ground truth exactly", async () => {
    expect(result.status).toBe("succeeded");
    expect(result.telemetry.keysProcessed).toBe(2);

    const [totals] = await query<Record<string, string | number | null>>(sql`
      select sum(input_tokens)::text as input, sum(cached_input_tokens)::text as cache_read,
        sum(cache_write_5m_tokens)::text as w5m, sum(cache_write_1h_tokens)::text as w1h,
        sum(output_tokens)::text as output, sum(web_search_requests)::text as web,
        count(*) filter (where requests is not null)::int as with_requests, count(*)::int as n
      from usage_events where org_id = ${orgId}::uuid and provider = 'anthropic'`);
    const t = truth.usage.totals;
    expect(Number(totals!.n)).toBeGreaterThan(100);
    expect(Number(totals!.with_requests)).toBe(0);
    expect(Number(totals!.input)).toBe(t.input_tokens);
    expect(Number(totals!.cache_read)).toBe(t.cache_read_input_tokens);
    expect(Number(totals!.w5m)).toBe(t.cache_creation_5m_input_tokens);
    expect(Number(totals!.w1h)).toBe(t.cache_creation_1h_input_tokens);
    expect(Number(totals!.output)).toBe(t.output_tokens);
    expect(Number(totals!.web)).toBe(t.web_search_requests);

    const groups = await query<{
      day: string;
      project_id: string | null;
      model: string;
      input: string;
      output: string;
    }>(sql`
      select to_char(window_start at time zone 'UTC', 'YYYY-MM-DD') as day, project_id, model,
        sum(input_tokens)::text as input, sum(output_tokens)::text as output
      from usage_events where org_id = ${orgId}::uuid and provider = 'anthropic' group by 1, 2, 3`);
    const stored = new Map(groups.map((g) => [groupKey(g.day, g.project_id, g.model), g]));
    expect(truth.usage.groups.length).toBeGreaterThan(50);
    expect(stored.size).toBe(truth.usage.groups.length);
    for (const g of truth.usage.groups) {
      const s = stored.get(groupKey(g.day!, g.workspace, g.model));
      expect(s, JSON.stringify(g)).toBeDefined();
      expect([Number(s!.input), Number(s!.output)]).toEqual([g.input_tokens, g.output_tokens]);
    }
    // The OpenAI key of the same organization ingested beside it.
    const [openai] = await query<{ n: number }>(
      sql`select count(*)::int as n from usage_events where org_id = ${orgId}::uuid and provider = 'openai'`,
    );
    expect(Number(openai!.n)).toBeGreaterThan(0);
  });

  it("stores billed cost per day, workspace and model exactly (numeric USD) as the ground truth", async () => {
    const rows = await query<{ day: string; project_id: string | null; model: string | null; amount: string }>(sql`
      select day::text as day, project_id, model, amount_usd::text as amount
      from cost_events where org_id = ${orgId}::uuid and provider = 'anthropic'`);
    expect(rows.length).toBeGreaterThan(100);
    expect(sumDecimals(rows.map((r) => r.amount))).toBe(truth.cost.totals.amount_usd);
    const byGroup = new Map<string, string[]>();
    for (const r of rows) {
      const k = groupKey(r.day, r.project_id, r.model);
      byGroup.set(k, [...(byGroup.get(k) ?? []), r.amount]);
    }
    expect(truth.cost.groups.length).toBeGreaterThan(50);
    expect(byGroup.size).toBe(truth.cost.groups.length);
    for (const g of truth.cost.groups) {
      expect(sumDecimals(byGroup.get(groupKey(g.day!, g.workspace, g.model)) ?? []), JSON.stringify(g)).toBe(
        g.amount_usd,
      );
    }
  });

  it("dashboard: the provider filter splits every view, the provider breakdown sums to the total", async () => {
    const range = { start: WINDOW.start, end: END };
    const all = await getUsageTotals(handle.db, orgId, range);
    const byProvider = await getUsageBreakdown(handle.db, orgId, range, "provider");
    expect(byProvider.map((r) => [r.value, r.label]).sort()).toEqual([
      ["anthropic", "Anthropic"],
      ["openai", "OpenAI"],
    ]);
    const sum = (rows: { inputTokens: number; outputTokens: number }[]) =>
      rows.reduce((a, r) => [a[0]! + r.inputTokens, a[1]! + r.outputTokens], [0, 0]);
    expect(sum(byProvider)).toEqual([all.current.inputTokens, all.current.outputTokens]);

    const anthropic = await getUsageTotals(handle.db, orgId, { ...range, provider: "anthropic" });
    const openai = await getUsageTotals(handle.db, orgId, { ...range, provider: "openai" });
    expect(anthropic.current.inputTokens).toBe(truth.usage.totals.input_tokens);
    expect(anthropic.current.inputTokens + openai.current.inputTokens).toBe(all.current.inputTokens);
    expect(openai.current.inputTokens).toBeGreaterThan(0);
    // Rollups and raw reads agree, and the series of one provider adds up to its totals.
    expect(await getUsageTotals(handle.db, orgId, { ...range, provider: "anthropic" }, { path: "raw" })).toEqual(
      anthropic,
    );
    const series = await getUsageTimeSeries(handle.db, orgId, { ...range, provider: "anthropic" }, "day");
    expect(series).toHaveLength(40);
    expect(series.reduce((a, p) => a + p.outputTokens, 0)).toBe(truth.usage.totals.output_tokens);

    // Priority-tier usage exists in the emulator's Anthropic data: the note shows with it, not without it.
    expect(anthropic.notes).toEqual(["Anthropic does not report priority-tier cost."]);
    expect(openai.notes).toEqual([]);

    const projects = await getUsageBreakdown(handle.db, orgId, { ...range, provider: "anthropic" }, "project", {
      limit: 1000,
    });
    const defaults = projects.filter((r) => r.value === null);
    expect(defaults.map((r) => r.label)).toEqual(["Default workspace"]);
    const defaultTruth = truth.usage.groups
      .filter((g) => (g.workspace ?? null) === null)
      .reduce((a, g) => a + g.input_tokens, 0);
    expect(defaults[0]!.inputTokens).toBe(defaultTruth);

    const csv = parseCsv(await buildUsageCsv(handle.db, orgId, { ...range, provider: "anthropic" }));
    const [stored] = await query<{ n: number }>(
      sql`select count(*)::int as n from usage_events where org_id = ${orgId}::uuid and provider = 'anthropic'`,
    );
    expect(csv).toHaveLength(Number(stored!.n));
    expect(csv.filter((r) => r.provider !== "anthropic")).toEqual([]);
    expect(csv.reduce((a, r) => a + Number(r.input_tokens), 0)).toBe(truth.usage.totals.input_tokens);
    expect(new Set(csv.filter((r) => r.project_id === "").map((r) => r.project_name))).toEqual(
      new Set(["Default workspace"]),
    );
  });

  it("a second run changes nothing: same row counts, no updated_at moves", async () => {
    const snapshot = async () =>
      query<{ t: string; n: number; last: string }>(sql`
        select 'usage' as t, count(*)::int as n, max(updated_at)::text as last from usage_events where org_id = ${orgId}::uuid
        union all
        select 'cost', count(*)::int, max(updated_at)::text from cost_events where org_id = ${orgId}::uuid`);
    const before = await snapshot();
    expect(before.map((r) => Number(r.n)).every((n) => n > 0)).toBe(true);
    const again = await run(orgId);
    expect(again.status).toBe("succeeded");
    expect(again.telemetry.rowsInserted + again.telemetry.rowsUpdated).toBe(0);
    expect(await snapshot()).toEqual(before);
  });
});

const FAULTS: [FaultMode, string, Record<string, string>?][] = [
  ["unauthorized", "AUTH_FAILED"],
  ["forbidden", "PERMISSION_DENIED"],
  ["rate_limit", "RATE_LIMITED"],
  ["server_error", "UPSTREAM_ERROR"],
  ["overloaded", "UPSTREAM_ERROR"],
  ["malformed_json", "MALFORMED_RESPONSE"],
  ["truncated", "MALFORMED_RESPONSE"],
  ["foreign_next_page", "UNSAFE_NEXT_PAGE"],
  ["slow", "TIMEOUT", { PROVIDER_REQUEST_TIMEOUT_MS: "300" }],
];

describe("every fault mode ends only the Anthropic key, with its code; the OpenAI key still ingests", () => {
  let n = 0;
  it.each(FAULTS)("%s -> %s", async (fault, code, overrides) => {
    const faultyKey = `sk-ant-admin01-fault-${fault.replace(/_/g, "")}-${n++}`;
    emulator.registerKey({ key: faultyKey, provider: "anthropic", kind: "admin", fault });
    if (fault === "slow") emulator.setFaults([{ key: faultyKey, fault: "slow", delayMs: 1500 }]);
    const { orgId: id, openai, anthropic } = await orgWithBothProviders(faultyKey, `Faulty ${fault}`);
    const result = await run(id, { ...config, ...(overrides ? emulatorConfigWith(overrides) : {}) });
    if (fault === "slow") emulator.clearFaults(faultyKey);

    expect(result.status).toBe("partial");
    expect(result.telemetry.keysProcessed).toBe(1);
    expect(result.telemetry.keysFailed).toBe(1);
    expect(result.telemetry.issues.map((i) => i.code)).toEqual([code]);
    expect(result.telemetry.issues[0]!.keys).toEqual([`Faulty ${fault}`]);
    expect(JSON.stringify(result)).not.toContain(faultyKey);
    expect((await getOrgKeyRow(handle.db, id, openai.id)).lastSyncStatus).toBe("ok");
    // A foreign next_page is met after the first page was stored: that page stays, the key is partial.
    const firstPageStored = fault === "foreign_next_page";
    expect((await getOrgKeyRow(handle.db, id, anthropic.id)).lastSyncStatus).toBe(
      firstPageStored ? "partial" : "failed",
    );
    const counts = await query<{ provider: string; n: number }>(sql`
      select provider, count(*)::int as n from usage_events where org_id = ${id}::uuid group by provider order by provider`);
    expect(counts.map((c) => [c.provider, Number(c.n) > 0])).toEqual(
      firstPageStored
        ? [
            ["anthropic", true],
            ["openai", true],
          ]
        : [["openai", true]],
    );
  });
});

function emulatorConfigWith(overrides: Record<string, string>): AppConfig {
  return emulatorConfig(emulator, {
    ANTHROPIC_API_BASE_URL: emulator.anthropicUrl,
    ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: "60000",
    ANTHROPIC_ADMIN_MAX_BURST: "1000",
    ...overrides,
  });
}
