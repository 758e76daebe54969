/**
 * Daily spend in USD for budgets, the forecast and anomaly rules. Per UTC day and provider, the
 * provider's own billed cost (cost_events) wins wherever that provider reported cost for that
 * day; everywhere else the computed cost (usage priced by src/lib/pricing, read through the same
 * rollup-or-raw facts as the dashboard) stands in. Sums happen in SQL on numeric; amounts leave
 * as decimal strings.
 *
 * An API-key scope always uses computed cost: the providers' cost reports group by project or
 * workspace and line item, not by API key, so no billed figure exists for one key.
 */
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { facts } from "@/lib/analytics/facts";
import { chooseSource } from "@/lib/analytics/source";
import type { AnalyticsFilters } from "@/lib/analytics/contract";
import { addDays, daysInRange, parseEpochDay, todayUtc } from "@/lib/dates";
import { PROVIDER_IDS } from "@/lib/providers/types";
import { parseOrThrow } from "@/lib/validation";
import { billedDailySql } from "@/lib/reconciliation/cost-rollup";
import { canonicalDecimal } from "./decimal-math";

export type SpendBasis = "billed" | "estimated";

export interface DailySpend {
  day: string;
  amountUsd: string;
  /** "billed" only when every part of the day's amount is provider-reported cost. */
  basis: SpendBasis;
  /** The day is not closed yet (today or later), or a provider that reports cost has not reported it. */
  provisional: boolean;
}

export interface SpendScope {
  provider?: string;
  projectId?: string;
  apiKeyId?: string;
}

/** Longest range one spend query walks: a year plus the 28-day anomaly lookback. */
export const MAX_SPEND_DAYS = 400;

const id = z.string().min(1).max(200);
export const spendParamsSchema = z
  .strictObject({
    start: z.iso.date(),
    end: z.iso.date(),
    provider: z.enum(PROVIDER_IDS).optional(),
    projectId: id.optional(),
    apiKeyId: id.optional(),
  })
  .refine((p) => parseEpochDay(p.start) !== null && parseEpochDay(p.end) !== null, { message: "dates must be real" })
  .refine((p) => daysInRange(p.start, p.end) >= 1 && daysInRange(p.start, p.end) <= MAX_SPEND_DAYS, {
    path: ["end"],
    message: `must be on or after start and at most ${MAX_SPEND_DAYS} days after it`,
  });

export type SpendParams = { start: string; end: string } & SpendScope;
type ParsedSpendParams = z.infer<typeof spendParamsSchema>;

/** How spend is split before it is summed per day: one series, or one per provider or project. */
export type SpendGrouping = "none" | "provider" | "project";

export interface GroupedSpendRow extends DailySpend {
  /** Provider id or project id (null = usage without a project); null for "none". */
  group: string | null;
}

interface Row {
  day: string;
  grp: string | null;
  amount: string;
  billed: boolean;
  pending: boolean;
}

function spendSql(orgId: string, p: ParsedSpendParams, grouping: SpendGrouping, computed: SQL, billed: SQL): SQL {
  const groupOf = (alias: string) =>
    grouping === "provider"
      ? sql.raw(`${alias}.provider`)
      : grouping === "project"
        ? sql.raw(`${alias}.project_id`)
        : sql`null::text`;
  // No billed figure exists per API key: the scope is computed throughout (see the header).
  const useBilled = p.apiKeyId === undefined;
  const billedWhere = [
    sql`org_id = ${orgId}::uuid`,
    sql`day >= ${p.start}::date and day <= ${p.end}::date`,
    sql`currency = 'USD'`,
    ...(p.provider ? [sql`provider = ${p.provider}`] : []),
  ];
  const where = sql.join(billedWhere, sql` and `);
  const billedParts = useBilled
    ? sql`union all
      select b.day, b.provider, ${groupOf("b")} as grp, b.amount_usd as amount, true as billed
      from ${billed} b where ${where} ${p.projectId !== undefined ? sql`and b.project_id = ${p.projectId}` : sql``}`
    : sql``;
  const notReported = useBilled
    ? sql`and not exists (select 1 from ${billed} r where r.org_id = ${orgId}::uuid and r.day = c.day
        and r.provider = c.provider and r.currency = 'USD')`
    : sql``;
  return sql`
    with comp as (
      select f.period as day, pa.provider, ${grouping === "project" ? sql`f.project_id` : sql`null::text`} as project_id,
        sum(f.cost_usd) as amount
      from (${computed}) f join provider_accounts pa on pa.id = f.account_id
      where not f.simulated
      group by 1, 2, 3
    ), reporting as (
      select distinct provider from ${billed} rp where rp.org_id = ${orgId}::uuid
    ), parts as (
      select c.day, c.provider, ${groupOf("c")} as grp, c.amount, false as billed
      from comp c where c.amount is not null ${notReported}
      ${billedParts}
    )
    select to_char(day, 'YYYY-MM-DD') as day, grp, sum(amount)::text as amount, bool_and(billed) as billed,
      bool_or(not billed and provider in (select provider from reporting)) as pending
    from parts group by 1, 2 order by 1, 2`;
}

/** Spend per day (and group), only for days with any spend; amounts are canonical decimal strings. */
export async function groupedDailySpend(
  db: Db,
  orgId: string,
  params: SpendParams,
  grouping: SpendGrouping,
  options: { now?: Date } = {},
): Promise<GroupedSpendRow[]> {
  const p = parseOrThrow(spendParamsSchema, params, "spend range");
  const filters: AnalyticsFilters = {
    start: p.start,
    end: p.end,
    provider: p.provider,
    projectId: p.projectId,
    apiKeyId: p.apiKeyId,
  };
  const keep =
    grouping === "project"
      ? (["period", "account_id", "simulated", "project_id"] as const)
      : (["period", "account_id", "simulated"] as const);
  const source = await chooseSource(db, orgId, filters, keep);
  const computed = facts(source, { orgId, filters, range: p, keep, dailyOnly: true });
  const today = todayUtc(options.now);
  const billed = await billedDailySql(db, orgId);
  const rows = rowsOf<Row>(await db.execute(spendSql(orgId, p, grouping, computed, billed)));
  return rows.map((r) => ({
    day: r.day,
    group: r.grp,
    amountUsd: canonicalDecimal(r.amount ?? "0"),
    basis: r.billed ? "billed" : "estimated",
    provisional: r.day >= today || Boolean(r.pending),
  }));
}

/** One row per day of start..end (days without spend are "0"), for one scope. */
export async function dailySpend(
  db: Db,
  orgId: string,
  params: SpendParams,
  options: { now?: Date } = {},
): Promise<DailySpend[]> {
  const rows = await groupedDailySpend(db, orgId, params, "none", options);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const today = todayUtc(options.now);
  const out: DailySpend[] = [];
  for (let i = 0, n = daysInRange(params.start, params.end); i < n; i++) {
    const day = addDays(params.start, i);
    const row = byDay.get(day);
    out.push(
      row
        ? { day, amountUsd: row.amountUsd, basis: row.basis, provisional: row.provisional }
        : { day, amountUsd: "0", basis: "estimated", provisional: day >= today },
    );
  }
  return out;
}

/** First UTC day with any recorded spend (billed or usage) in the scope, or null. */
export async function firstSpendDay(db: Db, orgId: string, scope: SpendScope): Promise<string | null> {
  const usageWhere = [
    sql`e.org_id = ${orgId}::uuid`,
    sql`not e.simulated`,
    // An array computed once (not a join) keeps the plan a walk of (org_id, window_start) to the first match.
    ...(scope.provider
      ? [
          sql`e.account_id = any(array(select pa.id from provider_accounts pa
            where pa.org_id = ${orgId}::uuid and pa.provider = ${scope.provider}))`,
        ]
      : []),
    ...(scope.projectId !== undefined ? [sql`e.project_id = ${scope.projectId}`] : []),
    ...(scope.apiKeyId !== undefined ? [sql`e.api_key_id = ${scope.apiKeyId}`] : []),
  ];
  const billed =
    scope.apiKeyId === undefined
      ? sql`(select min(day) from cost_events b where b.org_id = ${orgId}::uuid and b.currency = 'USD'
          ${scope.provider ? sql`and b.provider = ${scope.provider}` : sql``}
          ${scope.projectId !== undefined ? sql`and b.project_id = ${scope.projectId}` : sql``})`
      : sql`null::date`;
  const [row] = rowsOf<{ first: string | null }>(
    await db.execute(sql`
      select to_char(least(
        (select (e.window_start at time zone 'UTC')::date from usage_events e where ${sql.join(usageWhere, sql` and `)}
          order by e.window_start limit 1),
        ${billed}), 'YYYY-MM-DD') as first`),
  );
  return row?.first ?? null;
}
