/**
 * Billed against computed cost per closed UTC day, provider and project, all summed in SQL
 * (exact numeric). Billed = cost_events (through its daily rollup, ./cost-rollup.ts); computed = the usage facts' cost_usd (rollup cube or
 * usage_events, whichever analytics would read). A day and provider with any cost_events row has
 * a cost report: there, a project without billed rows was billed 0. Usage a provider bills outside
 * its cost report (./outside-report.ts) is left out of computed.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { AnalyticsFilters } from "@/lib/analytics/contract";
import { facts } from "@/lib/analytics/facts";
import { chooseSource, type ReadPath } from "@/lib/analytics/source";
import { billedDailySql, billedLinesTable, billedSource } from "./cost-rollup";
import { outsideReportParts } from "./outside-report";
import { summedFacts } from "./summed-facts";
import { compareBigints, onOneScale } from "@/lib/money/decimal-math";

export interface DailyScope {
  orgId: string;
  start: string;
  end: string;
  provider?: string;
  projectId?: string;
  /** Percent of billed, as a decimal string. */
  threshold: string;
}

export interface DailyRow {
  day: string;
  provider: string;
  project_id: string | null;
  billed: string | null;
  computed: string;
  capture_rate: string | null;
  gap: string | null;
  flagged: boolean;
  /** 1 = the flagged row with the biggest |gap|; flagged rows come before the others. */
  gap_rank: number | string;
}

export interface DailyTotals {
  billed: string;
  computed: string;
  gap: string;
  capture_rate: string | null;
  unbilled_computed: string;
  rows: number;
  flagged_rows: number;
}

/** The billed rows (cost_events or cost_daily) of the scope, with the provider of their account (joined as `a`). */
export function billedWhere(scope: Omit<DailyScope, "threshold"> & { accountId?: string }, alias = "c"): SQL {
  const c = (col: string) => sql.raw(`${alias}.${col}`);
  return sql.join(
    [
      sql`${c("org_id")} = ${scope.orgId}::uuid`,
      sql`${c("day")} >= ${scope.start}::date and ${c("day")} <= ${scope.end}::date`,
      scope.provider ? sql`a.provider = ${scope.provider}` : sql`true`,
      scope.accountId ? sql`${c("account_id")} = ${scope.accountId}::uuid` : sql`true`,
      scope.projectId ? sql`${c("project_id")} = ${scope.projectId}` : sql`true`,
    ],
    sql` and `,
  );
}

async function rowsSql(db: Db, scope: DailyScope, path: ReadPath, billedFrom: "rollup" | "raw"): Promise<SQL> {
  const filters: AnalyticsFilters = {
    start: scope.start,
    end: scope.end,
    ...(scope.provider ? { provider: scope.provider } : {}),
    ...(scope.projectId ? { projectId: scope.projectId } : {}),
  };
  const keep = ["period", "account_id", "project_id"] as const;
  const source = await chooseSource(db, scope.orgId, filters, keep, path);
  const usage = facts(source, { orgId: scope.orgId, filters, range: filters, keep, dailyOnly: true });
  // A cost report exists for a day and provider whatever the project filter says.
  const reportedScope = { ...scope, projectId: undefined };
  const billed = await billedDailySql(db, scope.orgId, billedFrom);
  return sql`
    with parts as (
      select f.period::date as day, a.provider, f.project_id, null::numeric as billed, f.cost_usd as computed
      from (${summedFacts(usage, keep, { tokens: false })}) f
      join provider_accounts a on a.id = f.account_id and a.org_id = ${scope.orgId}::uuid
      union all
      ${outsideReportParts(scope.orgId, filters)}
      union all
      select c.day, a.provider, c.project_id, c.amount_usd, null
      from ${billed} c join provider_accounts a on a.id = c.account_id and a.org_id = ${scope.orgId}::uuid
      where ${billedWhere(scope)}
    ), reported as (
      select distinct c.day, a.provider
      from ${billed} c join provider_accounts a on a.id = c.account_id and a.org_id = ${scope.orgId}::uuid
      where ${billedWhere(reportedScope)}
    ), keyed as (
      select p.day, p.provider, p.project_id, sum(p.billed) as billed, coalesce(sum(p.computed), 0) as computed
      from parts p group by p.day, p.provider, p.project_id
    ), compared as (
      select k.day, k.provider, k.project_id, k.computed,
        case when r.day is not null then coalesce(k.billed, 0) end as billed
      from keyed k left join reported r on r.day = k.day and r.provider = k.provider
    ), judged as (
      select compared.*, billed - computed as gap,
        coalesce(case when billed = 0 then computed <> 0
                      else abs(billed - computed) > abs(billed) * ${scope.threshold}::numeric / 100 end, false) as flagged
      from compared
    )`;
}

export async function readDailyReconciliation(
  db: Db,
  scope: DailyScope,
  path: ReadPath = "auto",
): Promise<{ rows: DailyRow[]; totals: DailyTotals; billedFrom: "rollup" | "raw" }> {
  // Decided once: readLineItems reads the same billed source (pass it `billedFrom`).
  const billedFrom = await billedSource(db, scope.orgId, path === "raw" ? "raw" : "auto");
  const base = await rowsSql(db, scope, path, billedFrom);
  // One statement: the totals ride along the first row as window sums over all of them (on every
  // row they were 7 more columns of text to send and parse per day and project).
  const once = (expr: string) =>
    sql.raw(`case when row_number() over (order by judged.day, provider, project_id nulls first) = 1 then ${expr} end`);
  const all = rowsOf<Omit<DailyRow, "gap_rank"> & { [K in keyof DailyTotals as `t_${K}`]: DailyTotals[K] }>(
    await db.execute(sql`${base}
      select to_char(day, 'YYYY-MM-DD') as day, provider, project_id, billed::text as billed, computed::text as computed,
        case when billed <> 0 then round(computed / billed, 6)::text end as capture_rate, gap::text as gap, flagged,
        ${once("coalesce(sum(billed) over w, 0)::text")} as t_billed,
        ${once("coalesce(sum(computed) filter (where billed is not null) over w, 0)::text")} as t_computed,
        ${once("coalesce(sum(gap) over w, 0)::text")} as t_gap,
        ${once(`case when sum(billed) over w <> 0
          then round(sum(computed) filter (where billed is not null) over w / sum(billed) over w, 6)::text end`)}
          as t_capture_rate,
        ${once("coalesce(sum(computed) filter (where billed is null) over w, 0)::text")} as t_unbilled_computed,
        ${once("(count(*) over w)::int")} as t_rows, ${once("(count(*) filter (where flagged) over w)::int")} as t_flagged_rows
      from judged
      window w as ()
      order by judged.day, provider, project_id nulls first`),
  );
  const first = all[0];
  const totals: DailyTotals = first
    ? {
        billed: first.t_billed,
        computed: first.t_computed,
        gap: first.t_gap,
        capture_rate: first.t_capture_rate,
        unbilled_computed: first.t_unbilled_computed,
        rows: first.t_rows,
        flagged_rows: first.t_flagged_rows,
      }
    : { billed: "0", computed: "0", gap: "0", capture_rate: null, unbilled_computed: "0", rows: 0, flagged_rows: 0 };
  // The rows as the driver built them (the first also carries the totals' columns): a copy per
  // day and project was a year's worth of garbage per view.
  const rows: DailyRow[] = rankGaps(all);
  return { rows, totals, billedFrom };
}

/**
 * gap_rank: the flagged rows by |gap|, biggest first (ties in row order: day, provider, project),
 * then the others in row order. Ranked here rather than by a window in SQL, which sorted every
 * day and project of the range a second time to rank the few flagged ones.
 */
function rankGaps<T extends Omit<DailyRow, "gap_rank">>(rows: T[]): (T & DailyRow)[] {
  const flagged = rows.flatMap((r, i) => (r.flagged && r.gap !== null ? [{ i, gap: r.gap }] : []));
  const { units } = onOneScale(flagged.map((f) => f.gap));
  const size = flagged.map(({ i }, n) => ({ i, magnitude: units[n]! < 0n ? -units[n]! : units[n]! }));
  size.sort((a, b) => compareBigints(b.magnitude, a.magnitude) || a.i - b.i);
  const rank = new Map(size.map((s, n) => [s.i, n + 1]));
  let next = size.length;
  return rows.map((r, i) => Object.assign(r, { gap_rank: rank.get(i) ?? ++next }));
}

/** The billed line items of some (day, provider, project) rows, biggest first. */
export async function readLineItems(
  db: Db,
  orgId: string,
  keys: { day: string; provider: string; projectId: string | null }[],
  billedFrom: ReadPath = "auto",
): Promise<{ day: string; provider: string; project_id: string | null; line_item: string | null; amount: string }[]> {
  if (keys.length === 0) return [];
  const table = await billedLinesTable(db, orgId, billedFrom);
  const col = <T>(pick: (k: (typeof keys)[number]) => T) => sql.param(keys.map(pick));
  const days = keys.map((k) => k.day).sort();
  // Two equality joins (a project, or none on both sides) so each can use an (org, day) index.
  const matched = (projectJoin: SQL) => sql`
    select c.day, a.provider, c.project_id, c.line_item, c.amount_usd
    from wanted w
    join ${table} c on c.org_id = ${orgId}::uuid and c.day = w.day and ${projectJoin}
    join provider_accounts a on a.id = c.account_id and a.org_id = ${orgId}::uuid and a.provider = w.provider
    where c.day >= ${days[0]}::date and c.day <= ${days.at(-1)}::date`;
  return rowsOf(
    await db.execute(sql`
      with wanted as (
        select * from unnest(${col((k) => k.day)}::date[], ${col((k) => k.provider)}::text[],
          ${col((k) => k.projectId)}::text[]) as w(day, provider, project_id)
      ), c as (
        ${matched(sql`c.project_id = w.project_id`)}
        union all
        ${matched(sql`c.project_id is null and w.project_id is null`)}
      )
      select to_char(c.day, 'YYYY-MM-DD') as day, c.provider, c.project_id, c.line_item,
        sum(c.amount_usd)::text as amount
      from c
      group by c.day, c.provider, c.project_id, c.line_item
      order by abs(sum(c.amount_usd)) desc, c.line_item nulls last`),
  );
}
