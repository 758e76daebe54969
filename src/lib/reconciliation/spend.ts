/**
 * The analytics page's money view: spend over time stacked by provider, project or model (the
 * top groups, the rest as "Other"), the spend table per group, and totals, each split into Billed
 * and Estimated (./spend-facts.ts). Money stays exact decimal text; tokens are numbers.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { AnalyticsFilters, Granularity } from "@/lib/analytics/contract";
import { validateFilters } from "@/lib/analytics/filters";
import { withReadTimeout } from "@/lib/analytics/read-timeout";
import type { ReadOptions } from "@/lib/analytics/source";
import { periodsInRange, periodStart, todayUtc } from "@/lib/dates";
import { canonical } from "./reconcile";
import { spendFactsSql, unbilledReason, type SpendStack } from "./spend-facts";
import { groupKey, OTHER_KEY, spendLabeler } from "./spend-labels";

export const CHART_GROUPS = 8;
export const SPEND_TABLE_LIMIT = 200;

export interface SpendAmounts {
  /** From the providers' cost reports. */
  billedUsd: string;
  /** Computed from usage where no cost report covers the day and provider. */
  estimatedUsd: string;
  spendUsd: string;
  /** Input + output tokens. */
  tokens: number;
}

export interface SpendGroup extends SpendAmounts {
  key: string;
  label: string;
}

export interface SpendPoint extends SpendAmounts {
  period: string;
  /** Holds today: the provider may still add cost. */
  provisional: boolean;
  /** Per chart group key (the top groups and "other"). */
  groups: Record<string, { spendUsd: string; tokens: number }>;
}

export interface SpendView {
  stack: SpendStack;
  granularity: Granularity;
  /** Why everything is Estimated in this view (null when billed cost is used where reported). */
  estimatedOnlyReason: string | null;
  /** The chart's series, biggest first; the last is "Other" when more groups exist. */
  chartGroups: { key: string; label: string }[];
  points: SpendPoint[];
  /** Every group (up to SPEND_TABLE_LIMIT), biggest spend first. */
  table: SpendGroup[];
  tableTruncated: boolean;
  totals: SpendAmounts;
}

interface AmountRow {
  billed: string | null;
  estimated: string | null;
  spend: string | null;
  tokens: number | string;
}

const amounts = (r: AmountRow | undefined): SpendAmounts => ({
  billedUsd: canonical(r?.billed ?? "0"),
  estimatedUsd: canonical(r?.estimated ?? "0"),
  spendUsd: canonical(r?.spend ?? "0"),
  tokens: Number(r?.tokens ?? 0),
});

type PartRow = AmountRow & {
  part: "table" | "total" | "series";
  period: string;
  gp: string | null;
  gv: string | null;
  top: boolean | null;
  rk: number | string | null;
};

const SUMS = sql`sum(billed)::text as billed, sum(estimated)::text as estimated,
  (coalesce(sum(billed), 0) + coalesce(sum(estimated), 0))::text as spend, coalesce(sum(tokens), 0)::float8 as tokens`;
const SPEND_ORDER = sql`coalesce(sum(billed), 0) + coalesce(sum(estimated), 0) desc, sum(tokens) desc`;

export async function getSpendView(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  opts: { stack: SpendStack; granularity: Granularity; now?: Date } & ReadOptions,
): Promise<SpendView> {
  const f = validateFilters(filters);
  const { stack, granularity } = opts;
  return withReadTimeout(db, opts, async (db) => {
    const keyed = await spendFactsSql(db, orgId, f, stack, f, opts.path);
    // One statement: the spend facts are computed once and read three times (table, total, series).
    const parts = rowsOf<PartRow>(
      await db.execute(sql`
        with k as materialized (${keyed}),
        ranked as (
          select gp, gv, row_number() over (order by ${SPEND_ORDER}, gp nulls first, gv nulls first) as rk, ${SUMS}
          from k group by gp, gv
        ), tagged as (
          select to_char(date_trunc(${granularity}, k.day::timestamp), 'YYYY-MM-DD') as period,
            case when r.rk <= ${CHART_GROUPS} then k.gp end as gp, case when r.rk <= ${CHART_GROUPS} then k.gv end as gv,
            r.rk <= ${CHART_GROUPS} as top, k.billed, k.estimated, k.tokens
          from k join ranked r on r.gp is not distinct from k.gp and r.gv is not distinct from k.gv
        )
        select 'table' as part, null as period, gp, gv, null::boolean as top, rk, billed, estimated, spend, tokens
        from ranked where rk <= ${SPEND_TABLE_LIMIT + 1}
        union all
        select 'total', null, null, null, null, null, ${SUMS} from k
        union all
        select 'series', period, gp, gv, top, null, ${SUMS} from tagged
        group by grouping sets ((period, gp, gv, top), (period))`),
    );
    const table = parts.filter((r) => r.part === "table").sort((a, b) => Number(a.rk) - Number(b.rk));
    const total = parts.find((r) => r.part === "total");
    const series = parts.filter((r) => r.part === "series");
    const label = await spendLabeler(db, orgId, stack, table);
    const byPeriod = new Map<string, SpendPoint>();
    const today = periodStart(todayUtc(opts.now), granularity);
    for (const period of periodsInRange(f.start, f.end, granularity)) {
      byPeriod.set(period, { period, provisional: period === today, ...amounts(undefined), groups: {} });
    }
    const chartGroups = new Map<string, string>();
    for (const r of table.slice(0, CHART_GROUPS)) chartGroups.set(groupKey(r.gp, r.gv), label(r.gp, r.gv));
    let other = false;
    for (const r of series) {
      const point = byPeriod.get(r.period);
      if (!point) continue;
      if (r.top === null) {
        Object.assign(point, amounts(r), { groups: point.groups });
        continue;
      }
      const key = r.top ? groupKey(r.gp, r.gv) : OTHER_KEY;
      other ||= !r.top;
      point.groups[key] = { spendUsd: canonical(r.spend ?? "0"), tokens: Number(r.tokens) };
    }
    return {
      stack,
      granularity,
      estimatedOnlyReason: unbilledReason(f, stack),
      chartGroups: [
        ...[...chartGroups].map(([key, name]) => ({ key, label: name })),
        ...(other ? [{ key: OTHER_KEY, label: "Other" }] : []),
      ],
      points: [...byPeriod.values()],
      table: table
        .slice(0, SPEND_TABLE_LIMIT)
        .map((r) => ({ key: groupKey(r.gp, r.gv), label: label(r.gp, r.gv), ...amounts(r) })),
      tableTruncated: table.length > SPEND_TABLE_LIMIT,
      totals: amounts(total),
    };
  });
}
