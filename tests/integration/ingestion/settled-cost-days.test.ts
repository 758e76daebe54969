import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/types";
import { storeSettledCostDays } from "@/lib/ingestion/persist-cost-days";
import type { NormalizedCostRecord } from "@/lib/providers/types";
import { refreshCostRollup } from "@/lib/reconciliation";
import { createTestDb } from "../test-db";
import { createOrgWithKey } from "../analytics/fixture";
import { cost } from "../reconciliation/fixture";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const DAYS = ["2025-04-01", "2025-04-02", "2025-04-03"];
const lines = (day: string, bump = ""): NormalizedCostRecord[] => [
  cost(day, "proj_a", "gpt-4o, input", `1.5${bump}`),
  { ...cost(day, "proj_a", "gpt-4o, input", "0.25"), apiKeyId: "key_1" },
  cost(day, "proj_b", "gpt-4o, output", "0.000000000000000003"),
  cost(day, null, "web search tool calls", "2"),
];

async function snapshot(orgId: string) {
  const q = (table: string) =>
    handle.db.execute(
      sql`select to_char(day, 'YYYY-MM-DD') as day, project_id, ${sql.raw(table === "cost_events" ? "line_item, api_key_id, updated_at::text" : table === "cost_line_daily" ? "line_item, row_count" : "row_count")}, amount_usd::text
        from ${sql.identifier(table)} where org_id = ${orgId}::uuid order by 1, 2 nulls first, 3 nulls first, 4 nulls first`,
    );
  type Row = Record<string, unknown>;
  return {
    events: rowsOf<Row>(await q("cost_events")),
    lines: rowsOf<Row>(await q("cost_line_daily")),
    daily: rowsOf<Row>(await q("cost_daily")),
  };
}

/** The rollups as a full rebuild from cost_events makes them. */
async function rebuiltRollups(t: { orgId: string; accountId: string }) {
  const before = await snapshot(t.orgId);
  await refreshCostRollup(handle.db, { orgId: t.orgId, accountId: t.accountId });
  const after = await snapshot(t.orgId);
  return { before: { lines: before.lines, daily: before.daily }, after: { lines: after.lines, daily: after.daily } };
}

describe("settled cost days (storeSettledCostDays)", () => {
  it("writes new days, skips unchanged ones without touching a row, and rewrites only a revised day", async () => {
    const t = await createOrgWithKey(handle.db, "settled-days-skip");
    const all = DAYS.flatMap((d) => lines(d));
    const first = await storeSettledCostDays(handle.db, t, "costs", DAYS, all, { rollupCurrent: false });
    expect(first).toMatchObject({ written: DAYS, unchanged: 0, inserted: 12, updated: 0, removed: 0 });
    await refreshCostRollup(handle.db, { orgId: t.orgId, accountId: t.accountId });
    const stored = await snapshot(t.orgId);

    const again = await storeSettledCostDays(handle.db, t, "costs", DAYS, all, { rollupCurrent: true });
    expect(again).toMatchObject({ written: [], unchanged: 3, inserted: 0, updated: 0 });
    expect(await snapshot(t.orgId)).toEqual(stored);

    // The provider revises one line of the middle day: only that day is written, and its rollup follows.
    const revised = DAYS.flatMap((d) => lines(d, d === "2025-04-02" ? "1" : ""));
    const third = await storeSettledCostDays(handle.db, t, "costs", DAYS, revised, { rollupCurrent: true });
    expect(third).toMatchObject({ written: ["2025-04-02"], unchanged: 2, inserted: 0, updated: 1, removed: 0 });
    const now = await snapshot(t.orgId);
    expect(now.events.filter((e) => e.day !== "2025-04-02")).toEqual(
      stored.events.filter((e) => e.day !== "2025-04-02"),
    );
    expect(now.daily.find((r) => r.day === "2025-04-02" && r.project_id === "proj_a")).toMatchObject({
      amount_usd: "1.76",
      row_count: 2,
    });
    const { before, after } = await rebuiltRollups(t);
    expect(before).toEqual(after);
  });

  it("removes lines a settled day no longer carries, keeps the rollup equal to a rebuild, and leaves the rollup alone when told it is not current", async () => {
    const t = await createOrgWithKey(handle.db, "settled-days-prune");
    await storeSettledCostDays(
      handle.db,
      t,
      "costs",
      DAYS,
      DAYS.flatMap((d) => lines(d)),
      { rollupCurrent: false },
    );
    await refreshCostRollup(handle.db, { orgId: t.orgId, accountId: t.accountId });

    // Day 1 now without its per-key line, day 3 answered with no lines at all.
    const fewer = [...lines("2025-04-01").filter((r) => r.apiKeyId === null), ...lines("2025-04-02")];
    const result = await storeSettledCostDays(handle.db, t, "costs", DAYS, fewer, { rollupCurrent: true });
    expect(result).toMatchObject({ written: ["2025-04-01", "2025-04-03"], unchanged: 1, removed: 5 });
    const now = await snapshot(t.orgId);
    expect(now.events.map((e) => e.day)).toEqual([...Array(3).fill("2025-04-01"), ...Array(4).fill("2025-04-02")]);
    expect(now.daily.some((r) => r.day === "2025-04-03")).toBe(false);
    const { before, after } = await rebuiltRollups(t);
    expect(before).toEqual(after);

    // Not current: the lines change, the rollup does not (the caller rebuilds it once at the end).
    const rollupBefore = await snapshot(t.orgId);
    await storeSettledCostDays(handle.db, t, "costs", ["2025-04-02"], lines("2025-04-02", "9"), {
      rollupCurrent: false,
    });
    const rollupAfter = await snapshot(t.orgId);
    expect(rollupAfter.daily).toEqual(rollupBefore.daily);
    expect(rollupAfter.events).not.toEqual(rollupBefore.events);
  });

  it("sums two lines with one key (two halves of a bucket) into one row", async () => {
    const t = await createOrgWithKey(handle.db, "settled-days-halves");
    const day = "2025-04-01";
    const halves = [cost(day, "proj_a", "gpt-4o, input", "1.25"), cost(day, "proj_a", "gpt-4o, input", "0.5")];
    const result = await storeSettledCostDays(handle.db, t, "costs", [day], halves, { rollupCurrent: false });
    expect(result).toMatchObject({ written: [day], inserted: 1 });
    expect((await snapshot(t.orgId)).events).toMatchObject([{ day, project_id: "proj_a", amount_usd: "1.75" }]);
  });

  it("keeps each organization's days apart", async () => {
    const a = await createOrgWithKey(handle.db, "settled-days-a");
    const b = await createOrgWithKey(handle.db, "settled-days-b");
    const day = ["2025-04-01"];
    await storeSettledCostDays(handle.db, a, "costs", day, lines(day[0]!), { rollupCurrent: false });
    // Same lines for another account: not skipped on the strength of the first account's digest.
    const other = await storeSettledCostDays(handle.db, b, "costs", day, lines(day[0]!), { rollupCurrent: false });
    expect(other).toMatchObject({ written: day, inserted: 4 });
  });
});
