import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/types";
import {
  BREAKDOWN_DIMENSIONS,
  buildUsageCsv,
  defaultRange,
  getFilterOptions,
  getUsageBreakdown,
  getUsageTimeSeries,
  getUsageTotals,
  listUsageRows,
  runUsageQuery,
  usageQuerySchema,
} from "@/lib/analytics";
import { refreshUsageRollup } from "@/lib/rollup";
import { createTestDb } from "../test-db";
import { addCatalog, createOrgWithKey, generateRecords, store } from "./fixture";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
const range = { start: "2025-01-20", end: "2025-02-28" };
let handle: DbHandle;
let owner: Awaited<ReturnType<typeof createOrgWithKey>>;
let other: Awaited<ReturnType<typeof createOrgWithKey>>;

beforeAll(async () => {
  handle = await createTestDb();
  owner = await createOrgWithKey(handle.db, "owner");
  other = await createOrgWithKey(handle.db, "other");
  await store(handle.db, { orgId: owner.orgId, accountId: owner.accountId }, generateRecords(21, 40));
  await addCatalog(handle.db, owner.orgId, owner.accountId);
  // The other tenant uses the same project ids, but has no names for them.
  await store(handle.db, { orgId: other.orgId, accountId: other.accountId }, generateRecords(22, 5, "2025-03-01"));
  const window = { start: new Date("2025-01-01T00:00:00Z"), end: new Date("2025-04-01T00:00:00Z") };
  await refreshUsageRollup(handle.db, { orgId: owner.orgId, accountId: owner.accountId, ...window });
  await refreshUsageRollup(handle.db, { orgId: other.orgId, accountId: other.accountId, ...window });
});
afterAll(async () => handle?.close());

describe(`analytics tenancy on ${DB}`, () => {
  it("rejects another tenant: none of the owner's usage is visible, even by account id", async () => {
    const owned = await getUsageTotals(handle.db, owner.orgId, range);
    expect(owned.current.requests).toBeGreaterThan(0);
    for (const filters of [range, { ...range, accountId: owner.accountId }]) {
      for (const path of ["auto", "raw"] as const) {
        const totals = await getUsageTotals(handle.db, other.orgId, filters, { path });
        expect(totals.current).toEqual({
          inputTokens: 0,
          outputTokens: 0,
          cachedInputTokens: 0,
          requests: 0,
          costUsd: null,
        });
        const series = await getUsageTimeSeries(handle.db, other.orgId, filters, "week", { path });
        // One zero point per week from Monday 2025-01-20 to the week of 2025-02-28.
        expect(series.map((p) => [p.period, p.requests])).toEqual(
          ["2025-01-20", "2025-01-27", "2025-02-03", "2025-02-10", "2025-02-17", "2025-02-24"].map((w) => [w, 0]),
        );
        for (const dimension of BREAKDOWN_DIMENSIONS) {
          expect(await getUsageBreakdown(handle.db, other.orgId, filters, dimension, { path })).toEqual([]);
        }
        expect((await listUsageRows(handle.db, other.orgId, filters, { path })).total).toBe(0);
      }
      expect((await buildUsageCsv(handle.db, other.orgId, filters)).trim().split("\r\n")).toHaveLength(1);
    }
    const options = await getFilterOptions(handle.db, other.orgId, range);
    expect(options).toMatchObject({ models: [], projects: [], apiKeys: [], users: [], serviceTiers: [] });
    expect(options.accounts).toEqual([{ id: other.accountId, label: "other key" }]);
    expect(options.dataRange).toEqual({ start: "2025-03-01", end: "2025-03-05" });
  });

  it("never labels a tenant's ids with another tenant's catalog names", async () => {
    const march = { start: "2025-03-01", end: "2025-03-05" };
    const projects = await getUsageBreakdown(handle.db, other.orgId, march, "project");
    expect(projects.find((p) => p.value === "proj_alpha")?.label).toBe("proj_alpha");
    const rows = await listUsageRows(handle.db, other.orgId, march);
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.filter((r) => r.projectId !== null).length).toBeGreaterThan(0);
    expect(rows.rows.filter((r) => r.projectName !== null || r.apiKeyName !== null || r.userName !== null)).toEqual([]);
    const ownerAccounts = await getUsageBreakdown(handle.db, owner.orgId, range, "account");
    expect(ownerAccounts.map((k) => k.value)).toEqual([owner.accountId]);
  });

  it("answers GET /api/usage queries for every view, scoped to the caller", async () => {
    const parse = (q: Record<string, string>) => usageQuerySchema.parse(q);
    const rows = await runUsageQuery(handle.db, owner.actor, parse({ ...range, pageSize: "5" }));
    expect(rows).toMatchObject({ view: "rows", page: 1, pageSize: 5 });
    const totals = await runUsageQuery(handle.db, owner.actor, parse({ ...range, view: "totals", batch: "false" }));
    expect(totals).toMatchObject({ view: "totals" });
    const series = await runUsageQuery(
      handle.db,
      owner.actor,
      parse({ ...range, view: "timeseries", granularity: "month" }),
    );
    expect(series).toMatchObject({ view: "timeseries", granularity: "month" });
    const breakdown = await runUsageQuery(
      handle.db,
      other.actor,
      parse({ ...range, view: "breakdown", dimension: "project", limit: "3" }),
    );
    expect(breakdown).toEqual({ view: "breakdown", dimension: "project", rows: [] });
  });

  it("explains a bad GET /api/usage query in one readable sentence", () => {
    const message = (q: Record<string, string>) => {
      const r = usageQuerySchema.safeParse(q);
      return r.success ? null : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    };
    expect(message({ view: "breakdown" })).toContain("dimension: is required when view=breakdown");
    expect(message({ batch: "yes" })).toContain("batch");
    expect(message({ start: "2025-01-10", end: "2025-01-01" })).toContain("end: must not be before start");
    expect(message({ pageSize: "5000" })).toContain("pageSize");
    expect(message({ color: "red" })).toContain("color");
    expect(message({ accountId: "abc" })).toContain("accountId");
    // Missing dates default like the dashboard: the last 30 days, or 30 days up to `end`.
    const defaults = usageQuerySchema.parse({});
    expect(defaults).toMatchObject({ view: "rows", granularity: "day", page: 1, pageSize: 100, ...defaultRange() });
    expect(usageQuerySchema.parse({ end: "2025-01-30" })).toMatchObject({ start: "2025-01-01", end: "2025-01-30" });
    expect(usageQuerySchema.parse({ start: "2025-01-05" })).toMatchObject({
      start: "2025-01-05",
      end: defaultRange().end,
    });
  });
});
