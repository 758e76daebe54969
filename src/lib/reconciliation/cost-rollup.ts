/**
 * Billed cost per account, UTC day, currency and project (cost_daily), and the same per line item
 * (cost_line_daily): a year of one organization is a few thousand rows (tens of thousands by line
 * item) instead of millions of line-item and API-key rows, which is what keeps reconciliation, the
 * spend views and the bill by line item fast. Rebuilt per account and day window after cost
 * ingestion writes; reads use it only when every account of the organization that has cost rows
 * has a rollup of the current version (else they read cost_events: slower, never wrong).
 */
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import type { ReadPath } from "@/lib/analytics/source";
import { productDate } from "@/lib/dates";
import { parseOrThrow } from "@/lib/validation";

/** Bump when cost_daily's or cost_line_daily's layout or meaning changes: older rollups are then ignored until rebuilt. */
export const COST_ROLLUP_VERSION = 2;

const refreshSchema = z
  .strictObject({
    orgId: z.uuid(),
    accountId: z.uuid(),
    /** Inclusive UTC days; both absent = every day of the account. */
    start: productDate("start").optional(),
    end: productDate("end").optional(),
  })
  .refine((p) => (p.start === undefined) === (p.end === undefined), { message: "give both start and end, or neither" });

export type CostRollupRefresh = z.input<typeof refreshSchema>;

/**
 * Rebuilds one account's cost_line_daily and cost_daily rows for a day window (all of them when no window is given, or
 * when the account has no current rollup yet and cost rows outside the window); returns the rows written.
 */
export async function refreshCostRollup(db: Db, params: CostRollupRefresh): Promise<{ dayRows: number }> {
  const p = parseOrThrow(refreshSchema, params, "cost rollup refresh");
  return db.transaction(async (tx) => {
    await tx.execute(costRollupLockSql(p.accountId));
    const current = await accountCostRollupIsCurrent(tx, p.accountId);
    const window = p.start && p.end ? sql`and day between ${p.start}::date and ${p.end}::date` : null;
    // Without a current rollup the days outside the window were never summed: rebuild them all, unless
    // the account has no cost row outside it (a first sync), where the window is all there is to sum.
    const sumAll = !window || (!current && (await hasRowsOutside(tx, p.accountId, p.start!, p.end!)));
    const dayRows = await sumCostRollup(tx, p, {
      // A rollup of another layout is cleared whole either way.
      clear: current && !sumAll ? window : sql``,
      sum: sumAll ? sql`` : window,
    });
    await tx.execute(sql`
      insert into cost_rollup_state (account_id, org_id, version, refreshed_at)
      values (${p.accountId}::uuid, ${p.orgId}::uuid, ${COST_ROLLUP_VERSION}, now())
      on conflict (account_id) do update set org_id = excluded.org_id, version = excluded.version,
        refreshed_at = excluded.refreshed_at`);
    return { dayRows };
  });
}

/** Two writers of one account's rollup (a refresh, a settled day) would otherwise interleave their deletes and inserts. */
export function costRollupLockSql(accountId: string): SQL {
  return sql`select pg_advisory_xact_lock(hashtext(${`cost_rollup:${accountId}`}))`;
}

/** True when the account's rollup holds every day of its cost rows, in the current layout. */
export async function accountCostRollupIsCurrent(db: Db, accountId: string): Promise<boolean> {
  const [state] = rowsOf<{ version: number }>(
    await db.execute(sql`select version from cost_rollup_state where account_id = ${accountId}::uuid`),
  );
  return Number(state?.version) === COST_ROLLUP_VERSION;
}

/**
 * Sums some days of one account's cost rows into its rollups again; the caller holds
 * costRollupLockSql in a transaction and keeps the account's rollup state.
 */
export async function sumCostRollupDays(
  tx: Db,
  account: { orgId: string; accountId: string },
  days: readonly string[],
): Promise<number> {
  if (days.length === 0) return 0;
  const window = sql`and day = any(${sql.param([...days])}::date[])`;
  return sumCostRollup(tx, account, { clear: window, sum: window });
}

async function hasRowsOutside(tx: Db, accountId: string, start: string, end: string): Promise<boolean> {
  const [row] = rowsOf<{ outside: boolean }>(
    await tx.execute(sql`select exists (select 1 from cost_events where account_id = ${accountId}::uuid
      and (day < ${start}::date or day > ${end}::date)) as outside`),
  );
  return Boolean(row?.outside);
}

/**
 * Deletes the account's rollup rows the `clear` condition selects and writes the sums of its
 * cost_events rows the `sum` condition selects; returns the cost_daily rows written.
 */
async function sumCostRollup(
  tx: Db,
  p: { orgId: string; accountId: string },
  { clear, sum: window }: { clear: SQL; sum: SQL },
): Promise<number> {
  await tx.execute(sql`delete from cost_line_daily where account_id = ${p.accountId}::uuid ${clear}`);
  await tx.execute(sql`delete from cost_daily where account_id = ${p.accountId}::uuid ${clear}`);
  await tx.execute(sql`
    insert into cost_line_daily (org_id, account_id, provider, day, currency, project_id, line_item, amount_usd, row_count)
    select ${p.orgId}::uuid, account_id, min(provider), day, currency, project_id, line_item, sum(amount_usd), count(*)::int
    from cost_events
    where account_id = ${p.accountId}::uuid and org_id = ${p.orgId}::uuid ${window}
    group by account_id, day, currency, project_id, line_item
    -- Written in day order, so one day's lines share a few pages (reconciliation reads a day's
    -- lines per flagged project; in hash order they were a page each).
    order by day, project_id, line_item`);
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with written as (
        insert into cost_daily (org_id, account_id, provider, day, currency, project_id, amount_usd, row_count)
        select org_id, account_id, min(provider), day, currency, project_id, sum(amount_usd), sum(row_count)::int
        from cost_line_daily
        where account_id = ${p.accountId}::uuid and org_id = ${p.orgId}::uuid ${window}
        group by org_id, account_id, day, currency, project_id
        order by day, project_id
        returning 1
      )
      select count(*)::int as n from written`),
  );
  return Number(row?.n ?? 0);
}

/** True when no account of the organization with billed cost lacks a current rollup. */
export async function costRollupIsCurrent(db: Db, orgId: string): Promise<boolean> {
  const [row] = rowsOf<{ stale: number }>(
    await db.execute(sql`
      select count(*)::int as stale
      from provider_accounts a
      left join cost_rollup_state s on s.account_id = a.id
      where a.org_id = ${orgId}::uuid
        and s.version is distinct from ${COST_ROLLUP_VERSION}
        and (s.account_id is not null or exists (select 1 from cost_events c where c.account_id = a.id))`),
  );
  return Number(row?.stale ?? 0) === 0;
}

/**
 * Billed cost of one organization per account, day, currency and project, as a subquery with the
 * columns (org_id, account_id, provider, day, currency, project_id, amount_usd, row_count): the
 * rollup when it is current (and the path allows), else the same sums from cost_events.
 */
export async function billedDailySql(db: Db, orgId: string, path: ReadPath = "auto"): Promise<SQL> {
  if ((await billedSource(db, orgId, path)) === "rollup")
    return sql`(select * from cost_daily where org_id = ${orgId}::uuid)`;
  return sql`(select org_id, account_id, min(provider) as provider, day, currency, project_id,
      sum(amount_usd) as amount_usd, count(*)::int as row_count
    from cost_events where org_id = ${orgId}::uuid
    group by org_id, account_id, day, currency, project_id)`;
}

/** Where an organization's billed lines per day, project and line item are read: the rollup when current, else cost_events. */
export async function billedLinesTable(db: Db, orgId: string, path: ReadPath = "auto"): Promise<SQL> {
  return (await billedSource(db, orgId, path)) === "rollup" ? sql`cost_line_daily` : sql`cost_events`;
}

/** Which billed cost an organization's reads use: "auto" asks whether its rollups are current (one query). */
export async function billedSource(db: Db, orgId: string, path: ReadPath = "auto"): Promise<"rollup" | "raw"> {
  if (path !== "auto") return path;
  return (await costRollupIsCurrent(db, orgId)) ? "rollup" : "raw";
}
