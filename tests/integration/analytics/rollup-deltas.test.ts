import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/types";
import { upsertUsageBuckets } from "@/lib/ingestion/persist";
import { CUBES, refreshUsageRollup } from "@/lib/rollup";
import { createTestDb } from "../test-db";
import { createOrgWithKey, dayOf, generateRecords } from "./fixture";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

type Records = ReturnType<typeof generateRecords>;
type Target = { orgId: string; accountId: string; simulated?: boolean };

/** Writes like ingestion does, a page at a time; true when every page kept the cubes. */
async function writePages(target: Target, records: Records) {
  let maintained = true;
  let unchanged = 0;
  for (let i = 0; i < records.length; i += 25) {
    const result = await upsertUsageBuckets(handle.db, { simulated: false, ...target }, records.slice(i, i + 25));
    maintained &&= result.rollupMaintained;
    unchanged += result.unchanged;
  }
  return { maintained, unchanged };
}

/** Every cube row of the account, as sorted text (cost without trailing zeros). */
async function cubeRows(accountId: string, withVersion = false) {
  const out: string[] = [];
  for (const cube of CUBES) {
    const dims = ["grain", "period", "simulated", ...cube.columns].join(", ");
    const rows = rowsOf<Record<string, unknown>>(
      await handle.db.execute(sql`select ${sql.raw(dims)}, input_tokens, cached_input_tokens, output_tokens, requests,
        trim_scale(cost_usd)::text as cost, row_count, priced_rows ${withVersion ? sql`, xmin::text as version` : sql``}
        from ${sql.identifier(cube.table)} where account_id = ${accountId}::uuid`),
    );
    for (const r of rows) out.push(`${cube.name} ${JSON.stringify(r)}`);
  }
  return out.sort();
}

/** What a full rebuild from usage_events gives (it replaces the account's cubes, or builds its first). */
async function rebuiltRows(orgId: string, accountId: string) {
  await handle.db.execute(
    sql`update usage_rollup_state set pricing_version = 'older' where account_id = ${accountId}::uuid`,
  );
  const refresh = await refreshUsageRollup(handle.db, {
    orgId,
    accountId,
    start: new Date("2025-02-01T00:00:00Z"),
    end: new Date("2025-02-02T00:00:00Z"),
  });
  expect(refresh.rebuilt).toBe(true);
  return cubeRows(accountId);
}

describe(`rollup deltas on ${DB}`, () => {
  it("pages keep every cube equal to a rebuild: new rows, revised rows, rows moving to simulated", async () => {
    const { orgId, accountId } = await createOrgWithKey(handle.db, "deltas");
    const records = generateRecords(21, 40, "2025-01-20");
    // An account's first pages leave its cubes to one rebuild after them; later pages keep them.
    const firstDays = records.filter((r) => dayOf(r) < "2025-02-10");
    expect(await writePages({ orgId, accountId }, firstDays)).toMatchObject({ maintained: false });
    await rebuiltRows(orgId, accountId);
    expect(await writePages({ orgId, accountId }, records)).toMatchObject({ maintained: true });
    const first = await cubeRows(accountId);
    expect(first.length).toBeGreaterThan(CUBES.length * 3);
    expect(await rebuiltRows(orgId, accountId)).toEqual(first);

    // The provider revises a week and adds a bucket; another week's rows come back as simulated.
    const revised = records
      .filter((r) => dayOf(r) >= "2025-02-20")
      .map((r) => ({ ...r, inputTokens: r.inputTokens + 500, outputTokens: r.outputTokens * 2, requests: 0 }));
    const extra = { ...records[0]!, model: "gpt-4.1-2025-04-14", windowStart: new Date("2025-02-27T00:00:00Z") };
    extra.windowEnd = new Date("2025-02-28T00:00:00Z");
    const moved = records.filter((r) => dayOf(r) >= "2025-01-25" && dayOf(r) < "2025-02-01");
    expect(moved.length).toBeGreaterThan(0);
    expect(await writePages({ orgId, accountId }, [...revised, extra])).toMatchObject({ maintained: true });
    expect(await writePages({ orgId, accountId, simulated: true }, moved)).toMatchObject({ maintained: true });

    const kept = await cubeRows(accountId);
    expect(kept).not.toEqual(first);
    expect(kept.filter((r) => r.includes('"row_count":0'))).toEqual([]);
    expect(await rebuiltRows(orgId, accountId)).toEqual(kept);
  });

  it("a re-run of unchanged rows writes no cube row", async () => {
    const { orgId, accountId } = await createOrgWithKey(handle.db, "deltas-rerun");
    const records = generateRecords(22, 20, "2025-03-01");
    await writePages({ orgId, accountId }, records);
    await rebuiltRows(orgId, accountId);
    const before = await cubeRows(accountId, true);
    expect(before.length).toBeGreaterThan(0);
    const again = await writePages({ orgId, accountId }, records);
    expect(again).toEqual({ maintained: true, unchanged: records.length });
    expect(await cubeRows(accountId, true)).toEqual(before);
  });

  it("leaves cubes of another version to the next rebuild", async () => {
    const { orgId, accountId } = await createOrgWithKey(handle.db, "deltas-stale");
    const records = generateRecords(23, 20, "2025-03-01");
    await writePages({ orgId, accountId }, records.slice(0, 30));
    await rebuiltRows(orgId, accountId);
    await handle.db.execute(
      sql`update usage_rollup_state set pricing_version = 'older' where account_id = ${accountId}::uuid`,
    );
    const before = await cubeRows(accountId);
    const later = await writePages({ orgId, accountId }, records.slice(30));
    expect(later.maintained).toBe(false);
    expect(await cubeRows(accountId)).toEqual(before);
  });
});
