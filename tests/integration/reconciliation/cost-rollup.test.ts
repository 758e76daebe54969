import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/types";
import { upsertCostBuckets } from "@/lib/ingestion/persist-costs";
import { billedSpendByDay } from "@/lib/money/billed";
import { billedLinesByDay } from "@/lib/money/billed-lines";
import { groupedDailySpend } from "@/lib/money/spend";
import {
  costRollupIsCurrent,
  getReconciliation,
  getSpendView,
  getTopMovers,
  refreshCostRollup,
} from "@/lib/reconciliation";
import { createTestDb } from "../test-db";
import { createOrgWithKey } from "../analytics/fixture";
import { cost, seed, usage } from "./fixture";

const NOW = new Date("2025-03-09T12:00:00Z");
const MODEL = "gpt-4o-mini-2024-07-18";
const RANGE = { start: "2025-03-01", end: "2025-03-08" };
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

/** An organization with usage on six days and billed cost on four, several line items per day and project. */
async function world(label: string) {
  const db = handle.db;
  const t = await createOrgWithKey(db, label);
  const days = ["2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04", "2025-03-05", "2025-03-07"];
  await seed(
    db,
    t,
    days.flatMap((d, i) => [
      usage(d, MODEL, "proj_alpha", 1_000_000 + i * 1_311, 200_000 + i * 17),
      usage(d, MODEL, "proj_beta", 400_000 + i * 7, 90_000),
    ]),
    ["2025-03-01", "2025-03-02", "2025-03-04", "2025-03-07"].flatMap((d, i) => [
      cost(d, "proj_alpha", "gpt-4o-mini, input", `0.1${i}0000000000000001`),
      cost(d, "proj_alpha", "gpt-4o-mini, output", `0.0${i}3`),
      cost(d, "proj_beta", "gpt-4o-mini, input", `1.2${i}`),
      cost(d, null, "web search tool calls", "0.25"),
    ]),
  );
  return t;
}

async function dailyRows(orgId: string) {
  return rowsOf<{ day: string; project_id: string | null; amount_usd: string; row_count: number }>(
    await handle.db.execute(sql`select to_char(day, 'YYYY-MM-DD') as day, project_id, amount_usd::text, row_count
      from cost_daily where org_id = ${orgId}::uuid order by day, project_id nulls first`),
  );
}

describe("cost rollup (cost_daily)", () => {
  it("sums cost_events per account, day, currency and project exactly, and marks the account current", async () => {
    const t = await world("cost-rollup-sums");
    expect(await costRollupIsCurrent(handle.db, t.orgId)).toBe(false);
    const { dayRows } = await refreshCostRollup(handle.db, { orgId: t.orgId, accountId: t.accountId });
    expect(dayRows).toBe(12);
    expect(await costRollupIsCurrent(handle.db, t.orgId)).toBe(true);
    const rows = await dailyRows(t.orgId);
    expect(rows.filter((r) => r.day === "2025-03-01")).toEqual([
      { day: "2025-03-01", project_id: null, amount_usd: "0.25", row_count: 1 },
      { day: "2025-03-01", project_id: "proj_alpha", amount_usd: "0.103000000000000001", row_count: 2 },
      { day: "2025-03-01", project_id: "proj_beta", amount_usd: "1.20", row_count: 1 },
    ]);
  });

  it("sums per line item over API keys (cost_line_daily), and the bill by line item reads it with cost_events' digits", async () => {
    const t = await world("cost-rollup-lines");
    const db = handle.db;
    // Two more API keys' lines for one line item: the rollup keeps one row for the three.
    const perKey = (apiKeyId: string, amountUsd: string) => ({
      ...cost("2025-03-02", "proj_alpha", "gpt-4o-mini, input", amountUsd),
      apiKeyId,
    });
    await upsertCostBuckets(db, t, [perKey("key_a", "0.000000000000000007"), perKey("key_b", "2.5")]);
    await refreshCostRollup(db, { orgId: t.orgId, accountId: t.accountId });
    const lines = rowsOf<{ line_item: string | null; amount_usd: string; row_count: number }>(
      await db.execute(sql`select line_item, amount_usd::text, row_count from cost_line_daily
        where org_id = ${t.orgId}::uuid and day = '2025-03-02' and project_id = 'proj_alpha' order by line_item`),
    );
    expect(lines).toEqual([
      { line_item: "gpt-4o-mini, input", amount_usd: "2.610000000000000008", row_count: 3 },
      { line_item: "gpt-4o-mini, output", amount_usd: "0.013", row_count: 1 },
    ]);
    const input = { ...RANGE, provider: "openai" as const };
    const fromRollup = await billedLinesByDay(db, t.orgId, input);
    expect(fromRollup).toContainEqual({
      day: "2025-03-02",
      projectId: "proj_alpha",
      lineItem: "gpt-4o-mini, input",
      currency: "USD",
      amount: "2.610000000000000008",
    });
    expect(fromRollup).toEqual(await billedLinesByDay(db, t.orgId, input, "raw"));
    // The day rollup is summed from the line rollup: the same total, and the count of cost rows.
    const [day] = (await dailyRows(t.orgId)).filter((r) => r.day === "2025-03-02" && r.project_id === "proj_alpha");
    expect(day).toEqual({
      day: "2025-03-02",
      project_id: "proj_alpha",
      amount_usd: "2.623000000000000008",
      row_count: 4,
    });
  });

  it("answers reconciliation, spend, movers and daily spend exactly as cost_events does", async () => {
    const t = await world("cost-rollup-same");
    await refreshCostRollup(handle.db, { orgId: t.orgId, accountId: t.accountId });
    expect(await costRollupIsCurrent(handle.db, t.orgId)).toBe(true);
    const db = handle.db;
    const both = async <T>(read: (path: "auto" | "raw") => Promise<T>) => [await read("auto"), await read("raw")];

    const [recon, reconRaw] = await both((path) => getReconciliation(db, t.actor, RANGE, { now: NOW, path }));
    expect(recon!.days.length).toBeGreaterThan(0);
    expect(recon!.totals.billedUsd).not.toBe("0");
    // Flagged rows carry their line items: from cost_line_daily here, from cost_events raw.
    expect(recon!.days.some((d) => d.lineItems.length > 1)).toBe(true);
    expect(recon).toEqual(reconRaw);
    for (const stack of ["provider", "project"] as const) {
      const [spend, spendRaw] = await both((path) =>
        getSpendView(db, t.orgId, RANGE, { stack, granularity: "day", now: NOW, path }),
      );
      expect(spend!.totals.billedUsd).not.toBe("0");
      expect(spend).toEqual(spendRaw);
    }
    const [movers, moversRaw] = await both((path) => getTopMovers(db, t.orgId, RANGE, { path }));
    expect(movers!.projects.length).toBeGreaterThan(0);
    expect(movers).toEqual(moversRaw);
    // Daily spend and the bill have no forced path: compare with the rollup marked stale.
    const money = () =>
      Promise.all([
        groupedDailySpend(db, t.orgId, RANGE, "project", { now: NOW }),
        billedSpendByDay(db, t.orgId, RANGE, { now: NOW.getTime() }),
      ]);
    const fromRollup = await money();
    expect(fromRollup[1].length).toBe(12);
    await db.execute(sql`update cost_rollup_state set version = 0 where account_id = ${t.accountId}::uuid`);
    expect(await costRollupIsCurrent(db, t.orgId)).toBe(false);
    expect(await money()).toEqual(fromRollup);
  });

  it("rebuilds every day on an account's first refresh, then only the window", async () => {
    const t = await world("cost-rollup-window");
    const db = handle.db;
    // A window on the first refresh still sums the days outside it: nothing else ever would.
    await refreshCostRollup(db, { orgId: t.orgId, accountId: t.accountId, start: "2025-03-07", end: "2025-03-07" });
    expect((await dailyRows(t.orgId)).map((r) => r.day)).toContain("2025-03-01");
    expect((await dailyRows(t.orgId)).length).toBe(12);

    // A revision on two days; only one is in the next window.
    await upsertCostBuckets(db, t, [
      cost("2025-03-02", "proj_beta", "gpt-4o-mini, input", "5"),
      cost("2025-03-07", "proj_beta", "gpt-4o-mini, input", "7"),
    ]);
    await refreshCostRollup(db, { orgId: t.orgId, accountId: t.accountId, start: "2025-03-07", end: "2025-03-08" });
    const beta = async () =>
      (await dailyRows(t.orgId)).filter((r) => r.project_id === "proj_beta").map((r) => [r.day, r.amount_usd]);
    expect(await beta()).toEqual([
      ["2025-03-01", "1.20"],
      ["2025-03-02", "1.21"],
      ["2025-03-04", "1.22"],
      ["2025-03-07", "7"],
    ]);
    await refreshCostRollup(db, { orgId: t.orgId, accountId: t.accountId, start: "2025-03-01", end: "2025-03-08" });
    expect((await beta())[1]).toEqual(["2025-03-02", "5"]);
  });

  it("on a first refresh whose window holds every cost row, sums the window and clears an old layout's rows", async () => {
    const t = await world("cost-rollup-first-window");
    const db = handle.db;
    // A stale row of an older layout outside the window, and no current state.
    await refreshCostRollup(db, { orgId: t.orgId, accountId: t.accountId });
    await db.execute(sql`update cost_rollup_state set version = 1 where account_id = ${t.accountId}::uuid`);
    await db.execute(sql`insert into cost_daily (org_id, account_id, provider, day, currency, project_id, amount_usd,
      row_count) values (${t.orgId}::uuid, ${t.accountId}::uuid, 'openai', '2024-12-31', 'USD', 'gone', 9, 1)`);
    await refreshCostRollup(db, { orgId: t.orgId, accountId: t.accountId, start: "2025-02-20", end: "2025-03-20" });
    const rows = await dailyRows(t.orgId);
    expect(rows.some((r) => r.project_id === "gone")).toBe(false);
    expect(rows.length).toBe(12);
    expect(await costRollupIsCurrent(db, t.orgId)).toBe(true);
  });

  it("serves an organization from cost_events while one of its billed accounts has no rollup", async () => {
    const t = await world("cost-rollup-partial");
    await refreshCostRollup(handle.db, { orgId: t.orgId, accountId: t.accountId });
    expect(await costRollupIsCurrent(handle.db, t.orgId)).toBe(true);
    // Cost written after the refresh is not in the rollup; dropping the state sends reads back to cost_events.
    await upsertCostBuckets(handle.db, t, [cost("2025-03-03", "proj_alpha", "late line", "40")]);
    await handle.db.execute(sql`delete from cost_rollup_state where account_id = ${t.accountId}::uuid`);
    expect(await costRollupIsCurrent(handle.db, t.orgId)).toBe(false);
    const rows = await billedSpendByDay(handle.db, t.orgId, RANGE, { now: NOW.getTime() });
    expect(rows.find((r) => r.day === "2025-03-03")).toMatchObject({ projectId: "proj_alpha", amountUsd: "40" });
  });

  it("lists line items for the flagged rows with the biggest gaps only, and says so on the others", async () => {
    const t = await world("cost-rollup-line-items");
    await refreshCostRollup(handle.db, { orgId: t.orgId, accountId: t.accountId });
    const view = await getReconciliation(handle.db, t.actor, RANGE, { now: NOW, lineItemRows: 2 });
    const flagged = view.days.filter((r) => r.flagged);
    expect(flagged.length).toBeGreaterThanOrEqual(3);
    const listed = flagged.filter((r) => r.lineItemsListed);
    expect(listed.length).toBe(2);
    expect(listed.every((r) => r.lineItems.length > 0)).toBe(true);
    const gap = (r: { gapUsd: string | null }) => Math.abs(Number(r.gapUsd));
    const smallestListed = Math.min(...listed.map(gap));
    for (const r of flagged.filter((x) => !x.lineItemsListed)) {
      expect(r.lineItems).toEqual([]);
      expect(gap(r)).toBeLessThanOrEqual(smallestListed);
    }
    // Rows that are not flagged have nothing to list.
    expect(view.days.filter((r) => !r.flagged && r.lineItemsListed)).toEqual([]);
  });

  it("refuses a window with one end only", async () => {
    const t = await world("cost-rollup-bad");
    await expect(
      refreshCostRollup(handle.db, { orgId: t.orgId, accountId: t.accountId, start: "2025-03-01" }),
    ).rejects.toThrow(/start and end/);
  });
});
