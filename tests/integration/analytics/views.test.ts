import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/types";
import {
  BREAKDOWN_DIMENSIONS,
  getFilterOptions,
  getUsageBreakdown,
  getUsageTimeSeries,
  getUsageTotals,
  rollupIsCurrent,
  type AnalyticsFilters,
  type BreakdownDimension,
  type UsageSums,
} from "@/lib/analytics";
import { refreshUsageRollup } from "@/lib/rollup";
import { addDays, periodStart } from "@/lib/dates";
import { isAppError } from "@/lib/errors";
import { createTestDb } from "../test-db";
import {
  addCatalog,
  addKey,
  createOrgWithKey,
  DAYS,
  dayOf,
  expectedSums,
  FIRST_DAY,
  generateRecords,
  matches,
  store,
  type Tagged,
} from "./fixture";

const LAST_DAY = addDays(FIRST_DAY, DAYS - 1);
const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;
let orgId: string;
let accountId: string;
let simAccountId: string;
let records: Tagged[];

function expectSums(actual: UsageSums, expected: UsageSums) {
  const tokens = (s: UsageSums) => [s.inputTokens, s.outputTokens, s.cachedInputTokens, s.requests];
  expect(tokens(actual)).toEqual(tokens(expected));
  if (expected.costUsd === null) expect(actual.costUsd).toBeNull();
  else expect(actual.costUsd).toBeCloseTo(expected.costUsd, 6);
}

beforeAll(async () => {
  handle = await createTestDb();
  const owner = await createOrgWithKey(handle.db, "analytics");
  orgId = owner.orgId;
  accountId = owner.accountId;
  simAccountId = (await addKey(handle.db, owner.actor, "Simulated key")).accountId;
  const real = generateRecords(1);
  const simulated = generateRecords(2).filter((_, i) => i % 3 === 0);
  await store(handle.db, { orgId, accountId }, real);
  await store(handle.db, { orgId, accountId: simAccountId, simulated: true }, simulated);
  await addCatalog(handle.db, orgId, accountId);
  records = [
    ...real.map((r) => ({ ...r, accountId, simulated: false })),
    ...simulated.map((r) => ({ ...r, accountId: simAccountId, simulated: true })),
  ];
  const window = { start: new Date(`${FIRST_DAY}T00:00:00Z`), end: new Date(`${addDays(LAST_DAY, 1)}T00:00:00Z`) };
  for (const k of [accountId, simAccountId]) await refreshUsageRollup(handle.db, { orgId, accountId: k, ...window });
});
afterAll(async () => handle?.close());

const RANGES = [
  { start: FIRST_DAY, end: LAST_DAY },
  { start: "2025-02-01", end: "2025-03-31" },
  { start: "2025-01-25", end: "2025-03-10" },
  { start: "2025-02-14", end: "2025-02-14" },
];
const FILTERS: Omit<AnalyticsFilters, "start" | "end">[] = [
  {},
  { model: "gpt-4.1-2025-04-14" },
  { model: "mystery-model-1" },
  { projectId: "proj_alpha" },
  { apiKeyId: "key_a1" },
  { providerUserId: "user-ada" },
  { serviceTier: "flex" },
  { batch: true },
  { batch: false },
  { projectId: "proj_beta", model: "o3-mini-2025-01-31", batch: false },
  { apiKeyId: "key_b1", providerUserId: "user-ben" },
  { serviceTier: "default", projectId: "proj_alpha" }, // no cube has both: served from usage_events
];

describe(`analytics views on ${DB}`, () => {
  it("builds current cubes for every key", async () => {
    expect(await rollupIsCurrent(handle.db, orgId)).toBe(true);
  });

  it("totals match sums computed from the stored records, on both paths", async () => {
    for (const range of RANGES) {
      for (const extra of FILTERS) {
        for (const withKey of [false, true]) {
          const filters = { ...range, ...extra, ...(withKey ? { accountId } : {}) };
          const raw = await getUsageTotals(handle.db, orgId, filters, { path: "raw" });
          const auto = await getUsageTotals(handle.db, orgId, filters);
          expect(auto).toEqual(raw);
          const current = records.filter((r) => matches(r, filters));
          expectSums(raw.current, expectedSums(current));
          expect(raw.simulatedRows).toBe(current.filter((r) => r.simulated).length);
          expectSums(
            raw.previous,
            expectedSums(records.filter((r) => matches(r, { ...filters, ...raw.previousRange }))),
          );
        }
      }
    }
  });

  it("reports the previous period as the same number of days just before", async () => {
    const t = await getUsageTotals(handle.db, orgId, { start: "2025-03-01", end: "2025-03-10" });
    expect(t.range).toEqual({ start: "2025-03-01", end: "2025-03-10" });
    expect(t.previousRange).toEqual({ start: "2025-02-19", end: "2025-02-28" });
  });

  it("time series are zero-filled, ordered, and equal on both paths", async () => {
    const range = { start: "2025-01-15", end: "2025-04-15" }; // starts and ends outside the data
    for (const granularity of ["day", "week", "month"] as const) {
      for (const extra of FILTERS.slice(0, 8)) {
        const filters = { ...range, ...extra };
        const raw = await getUsageTimeSeries(handle.db, orgId, filters, granularity, { path: "raw" });
        expect(await getUsageTimeSeries(handle.db, orgId, filters, granularity)).toEqual(raw);
        const periods = raw.map((p) => p.period);
        expect(periods).toEqual([...periods].sort());
        expect(periods[0]).toBe(periodStart(range.start, granularity));
        for (const point of raw) {
          const inPeriod = records.filter(
            (r) => matches(r, filters) && periodStart(dayOf(r), granularity) === point.period,
          );
          expectSums(point, expectedSums(inPeriod));
        }
      }
    }
    const days = await getUsageTimeSeries(handle.db, orgId, range, "day");
    expect(days).toHaveLength(91);
    expect(days[0]).toEqual({
      period: "2025-01-15",
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
      requests: 0,
      costUsd: null,
    });
    const weeks = await getUsageTimeSeries(handle.db, orgId, range, "week");
    expect(weeks[0]!.period).toBe("2025-01-13"); // a Monday
  });

  it("breakdowns sort by total tokens, label values, and equal the raw path", async () => {
    const valueOf: Record<BreakdownDimension, (r: Tagged) => string | null> = {
      model: (r) => r.model,
      project: (r) => r.projectId,
      apiKey: (r) => r.apiKeyId,
      user: (r) => r.providerUserId,
      serviceTier: (r) => r.serviceTier,
      batch: (r) => (r.batch === null ? null : String(r.batch)),
      account: (r) => r.accountId,
      provider: (r) => r.provider,
    };
    for (const dimension of BREAKDOWN_DIMENSIONS) {
      for (const extra of [{}, { model: "gpt-4.1-2025-04-14" }, { projectId: "proj_alpha" }, { serviceTier: "flex" }]) {
        const filters = { start: "2025-01-25", end: "2025-03-10", ...extra };
        const raw = await getUsageBreakdown(handle.db, orgId, filters, dimension, { path: "raw" });
        expect(await getUsageBreakdown(handle.db, orgId, filters, dimension)).toEqual(raw);
        const groups = new Map<string | null, Tagged[]>();
        for (const r of records.filter((r) => matches(r, filters))) {
          const v = valueOf[dimension](r);
          groups.set(v, [...(groups.get(v) ?? []), r]);
        }
        expect(raw.map((r) => r.value).sort()).toEqual([...groups.keys()].sort());
        for (const row of raw) expectSums(row, expectedSums(groups.get(row.value)!));
        const totals = raw.map((r) => r.inputTokens + r.outputTokens);
        expect(totals).toEqual([...totals].sort((a, b) => b - a));
      }
    }
  });

  it("labels come from the catalog, the key labels and fixed words", async () => {
    const range = { start: FIRST_DAY, end: LAST_DAY };
    const labels = async (d: BreakdownDimension) =>
      Object.fromEntries((await getUsageBreakdown(handle.db, orgId, range, d)).map((r) => [String(r.value), r.label]));
    expect(await labels("project")).toEqual({
      proj_alpha: 'Checkout, "Assistant"',
      proj_beta: "Support\nCopilot",
      null: "(none)",
    });
    expect(await labels("apiKey")).toMatchObject({
      key_a1: "Ada's Production",
      key_a2: "deploy-bot CI",
      key_b1: "key_b1",
    });
    expect(await labels("user")).toMatchObject({
      "user-ada": "Ada Okafor",
      "user-ben": "ben@example.com",
      svc_acct_bot: "deploy-bot",
      null: "(none)",
    });
    expect(await labels("batch")).toEqual({ true: "Batch", false: "Standard (non-batch)", null: "(unknown)" });
    expect(await labels("account")).toEqual({ [accountId]: "analytics key", [simAccountId]: "Simulated key" });
    expect((await labels("model"))["mystery-model-1"]).toBe("mystery-model-1");
  });

  it("honours the breakdown limit", async () => {
    const rows = await getUsageBreakdown(handle.db, orgId, { start: FIRST_DAY, end: LAST_DAY }, "model", { limit: 2 });
    expect(rows).toHaveLength(2);
    expect(await getUsageBreakdown(handle.db, orgId, { start: FIRST_DAY, end: LAST_DAY }, "model")).toHaveLength(5);
  });

  it("cost is null only when nothing in range has a known price", async () => {
    const t = await getUsageTotals(handle.db, orgId, { start: FIRST_DAY, end: LAST_DAY, model: "mystery-model-1" });
    expect(t.current.inputTokens).toBeGreaterThan(0);
    expect(t.current.costUsd).toBeNull();
  });

  it("filter options list what occurs in the range, on both paths", async () => {
    const range = { start: "2025-02-01", end: "2025-02-28" };
    const raw = await getFilterOptions(handle.db, orgId, range, { path: "raw" });
    expect(await getFilterOptions(handle.db, orgId, range)).toEqual(raw);
    const inRange = records.filter((r) => matches(r, range));
    const distinct = (f: (r: Tagged) => string | null) =>
      [...new Set(inRange.map(f).filter((v): v is string => v !== null))].sort();
    expect(raw.models).toEqual(distinct((r) => r.model));
    expect(raw.serviceTiers).toEqual(distinct((r) => r.serviceTier));
    expect(raw.projects.map((p) => p.id).sort()).toEqual(distinct((r) => r.projectId));
    expect(raw.apiKeys.map((p) => p.id).sort()).toEqual(distinct((r) => r.apiKeyId));
    expect(raw.users.map((p) => p.id).sort()).toEqual(distinct((r) => r.providerUserId));
    expect(raw.users.find((u) => u.id === "user-ada")?.label).toBe("Ada Okafor");
    expect(raw.accounts.map((k) => k.label)).toEqual(["analytics key", "Simulated key"]);
    expect(raw.dataRange).toEqual({ start: FIRST_DAY, end: LAST_DAY });
  });

  it("rejects invalid filters with a validation error", async () => {
    const bad: unknown[] = [
      { start: "2025-02-30", end: "2025-03-01" },
      { start: "2025-03-02", end: "2025-03-01" },
      { start: "2020-01-01", end: "2025-01-01" },
      { start: "2025-01-01", end: "2025-01-02", accountId: "not-a-uuid" },
      { start: "2025-01-01", end: "2025-01-02", colour: "red" },
      { start: "2025-01-01", end: "2025-01-02", model: "x".repeat(201) },
    ];
    for (const filters of bad) {
      const err = await getUsageTotals(handle.db, orgId, filters as AnalyticsFilters).catch((e: unknown) => e);
      expect(isAppError(err) && err.code).toBe("VALIDATION_FAILED");
    }
  });
});
