import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/types";
import { getUsageBreakdown, getUsageTotals, rollupIsCurrent } from "@/lib/analytics";
import { refreshUsageRollup } from "@/lib/rollup";
import { CUBES } from "@/lib/rollup";
import { chooseSource } from "@/lib/analytics/source";
import { isAppError } from "@/lib/errors";
import { deleteAccount } from "@/lib/accounts/delete";
import { deleteKey } from "@/lib/keys/delete";
import { createTestDb } from "../test-db";
import { createOrgWithKey, dayOf, expectedSums, generateRecords, store } from "./fixture";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const window = (start: string, endExclusive: string) => ({
  start: new Date(`${start}T00:00:00Z`),
  end: new Date(`${endExclusive}T00:00:00Z`),
});

/** Rows per cube and grain for one account. */
async function rollupRows(accountId: string) {
  const counts: Record<string, number> = {};
  for (const cube of CUBES) {
    const rows = rowsOf<{ grain: string; n: number }>(
      await handle.db.execute(sql`select grain, count(*)::int as n from ${sql.identifier(cube.table)}
        where account_id = ${accountId}::uuid group by grain`),
    );
    for (const r of rows) counts[`${cube.name}:${r.grain}`] = Number(r.n);
  }
  return counts;
}

describe(`usage rollup on ${DB}`, () => {
  it("stays exact when buckets are re-ingested with new numbers", async () => {
    const { orgId, accountId } = await createOrgWithKey(handle.db, "rollup");
    const records = generateRecords(7, 40, "2025-03-15");
    await store(handle.db, { orgId, accountId }, records);
    await refreshUsageRollup(handle.db, { orgId, accountId, ...window("2025-03-15", "2025-04-24") });
    const range = { start: "2025-03-15", end: "2025-04-23" };
    const tagged = (rs: typeof records) => rs.map((r) => ({ ...r, accountId, simulated: false }));
    expect((await getUsageTotals(handle.db, orgId, range)).current).toMatchObject(
      (({ costUsd: _, ...t }) => t)(expectedSums(tagged(records))),
    );

    // The provider revises the last week: same buckets, bigger numbers, plus one new bucket.
    const revised = records.map((r) =>
      dayOf(r) >= "2025-04-17"
        ? { ...r, inputTokens: r.inputTokens + 1000, outputTokens: r.outputTokens + 7, requests: r.requests + 1 }
        : r,
    );
    const extra = {
      ...records[0]!,
      model: "gpt-5-2025-08-07",
      windowStart: new Date("2025-04-20T00:00:00Z"),
      windowEnd: new Date("2025-04-21T00:00:00Z"),
    };
    const lastWeek = [...revised.filter((r) => dayOf(r) >= "2025-04-17"), extra];
    await store(handle.db, { orgId, accountId }, lastWeek);
    const refresh = await refreshUsageRollup(handle.db, {
      orgId,
      accountId,
      ...window("2025-04-17", "2025-04-24"),
    });
    expect(refresh).toMatchObject({ start: "2025-04-17", end: "2025-04-23", rebuilt: false });
    // Refreshing again changes nothing.
    await refreshUsageRollup(handle.db, { orgId, accountId, ...window("2025-04-17", "2025-04-24") });

    const expected = expectedSums(tagged([...revised, extra]));
    for (const path of ["rollup", "raw"] as const) {
      const totals = await getUsageTotals(handle.db, orgId, range, { path });
      expect(totals.current.inputTokens).toBe(expected.inputTokens);
      expect(totals.current.outputTokens).toBe(expected.outputTokens);
      expect(totals.current.requests).toBe(expected.requests);
      expect(totals.current.costUsd).toBeCloseTo(expected.costUsd!, 6);
    }
    expect(await getUsageTotals(handle.db, orgId, range, { path: "rollup" })).toEqual(
      await getUsageTotals(handle.db, orgId, range, { path: "raw" }),
    );
    // Views read the cubes (month, block and day rows), and agree with usage_events.
    expect(await chooseSource(handle.db, orgId, range, ["api_key_id"])).toEqual({ kind: "rollup", cube: "member" });
    for (const dimension of ["model", "apiKey", "user", "project"] as const) {
      expect(await getUsageBreakdown(handle.db, orgId, range, dimension)).toEqual(
        await getUsageBreakdown(handle.db, orgId, range, dimension, { path: "raw" }),
      );
    }
    const april = { start: "2025-04-01", end: "2025-04-30" };
    expect(await getUsageBreakdown(handle.db, orgId, april, "model", { path: "rollup" })).toEqual(
      await getUsageBreakdown(handle.db, orgId, april, "model", { path: "raw" }),
    );
  });

  it("serves from usage_events until an account's cubes exist, then from the cubes", async () => {
    const { orgId, accountId } = await createOrgWithKey(handle.db, "fresh");
    expect(await rollupIsCurrent(handle.db, orgId)).toBe(true); // no usage yet: nothing to miss
    await store(handle.db, { orgId, accountId }, generateRecords(8, 10, "2025-05-01"));
    expect(await rollupIsCurrent(handle.db, orgId)).toBe(false);
    const before = await getUsageTotals(handle.db, orgId, { start: "2025-05-01", end: "2025-05-10" });
    expect(before.current.requests).toBeGreaterThan(0); // correct even without cubes

    // A first refresh for any window rebuilds the account's whole history.
    const refresh = await refreshUsageRollup(handle.db, {
      orgId,
      accountId,
      ...window("2025-05-09", "2025-05-10"),
    });
    expect(refresh).toMatchObject({ start: "2025-05-01", end: "2025-05-10", rebuilt: true });
    expect(await rollupIsCurrent(handle.db, orgId)).toBe(true);
    expect(
      await getUsageTotals(handle.db, orgId, { start: "2025-05-01", end: "2025-05-10" }, { path: "rollup" }),
    ).toEqual(before);

    // A changed price table (another version) makes the cubes stale until the next refresh rebuilds them.
    await handle.db.execute(
      sql`update usage_rollup_state set pricing_version = 'older' where account_id = ${accountId}::uuid`,
    );
    expect(await rollupIsCurrent(handle.db, orgId)).toBe(false);
    const rebuilt = await refreshUsageRollup(handle.db, {
      orgId,
      accountId,
      ...window("2025-05-10", "2025-05-11"),
    });
    expect(rebuilt.rebuilt).toBe(true);
    expect(await rollupIsCurrent(handle.db, orgId)).toBe(true);
  });

  it("deleting a provider key keeps its account's rollup rows; deleting the account deletes them", async () => {
    const { orgId, accountId, actor, key } = await createOrgWithKey(handle.db, "cascade");
    await store(handle.db, { orgId, accountId }, generateRecords(9, 5, "2025-06-01"));
    await refreshUsageRollup(handle.db, { orgId, accountId, ...window("2025-06-01", "2025-06-06") });
    const built = await rollupRows(accountId);
    expect(Object.keys(built)).toHaveLength(CUBES.length * 3);
    await deleteKey(handle.db, actor, key.id);
    expect(await rollupRows(accountId)).toEqual(built);
    await deleteAccount(handle.db, actor, accountId, { confirm: "cascade key" });
    expect(await rollupRows(accountId)).toEqual({});
    const [state] = rowsOf<{ n: number }>(
      await handle.db.execute(
        sql`select count(*)::int as n from usage_rollup_state where account_id = ${accountId}::uuid`,
      ),
    );
    expect(Number(state!.n)).toBe(0);
  });

  it("refuses to refresh another tenant's account", async () => {
    const owner = await createOrgWithKey(handle.db, "owner");
    const other = await createOrgWithKey(handle.db, "intruder");
    const err = await refreshUsageRollup(handle.db, {
      orgId: other.orgId,
      accountId: owner.accountId,
      ...window("2025-06-01", "2025-06-02"),
    }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe("NOT_FOUND");
  });
});
