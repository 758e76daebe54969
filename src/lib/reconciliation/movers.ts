/**
 * "Top movers": the models and projects whose spend changed most against the previous period of
 * the same length (Billed where reported, else Estimated; by model always Estimated).
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { AnalyticsFilters } from "@/lib/analytics/contract";
import { validateFilters } from "@/lib/analytics/filters";
import { withReadTimeout } from "@/lib/analytics/read-timeout";
import type { ReadOptions } from "@/lib/analytics/source";
import { previousRange } from "@/lib/dates";
import { canonical } from "./reconcile";
import { spendFactsSql, type SpendStack } from "./spend-facts";
import { groupKey, spendLabeler } from "./spend-labels";

export const MOVERS_LIMIT = 5;

export interface Mover {
  key: string;
  label: string;
  currentUsd: string;
  previousUsd: string;
  /** current - previous. */
  changeUsd: string;
  /** Change as a percent of previous, 1 decimal; null when previous was 0 (new spend). */
  changePercent: string | null;
}

export interface MoversView {
  range: { start: string; end: string };
  previousRange: { start: string; end: string };
  models: Mover[];
  projects: Mover[];
}

async function moversBy(db: Db, orgId: string, f: AnalyticsFilters, stack: SpendStack, opts: ReadOptions) {
  const prev = previousRange(f.start, f.end);
  // Movers sum over each range: no day resolution needed where billed cost does not apply.
  const cur = await spendFactsSql(db, orgId, f, stack, f, opts.path, false);
  const before = await spendFactsSql(db, orgId, { ...f, ...prev }, stack, prev, opts.path, false);
  const spend = sql`coalesce(billed, 0) + coalesce(estimated, 0)`;
  const rows = rowsOf<{
    gp: string | null;
    gv: string | null;
    cur: string;
    prev: string;
    change: string;
    pct: string | null;
  }>(
    await db.execute(sql`
      select gp, gv, sum(cur)::text as cur, sum(prev)::text as prev, (sum(cur) - sum(prev))::text as change,
        case when sum(prev) <> 0 then round((sum(cur) - sum(prev)) / abs(sum(prev)) * 100, 1)::text end as pct
      from (
        select gp, gv, ${spend} as cur, 0::numeric as prev from (${cur}) c
        union all
        select gp, gv, 0::numeric, ${spend} from (${before}) p
      ) t
      group by gp, gv
      having sum(cur) <> sum(prev)
      order by abs(sum(cur) - sum(prev)) desc, gp nulls first, gv nulls first
      limit ${MOVERS_LIMIT}`),
  );
  const label = await spendLabeler(db, orgId, stack, rows);
  return rows.map((r) => ({
    key: groupKey(r.gp, r.gv),
    label: label(r.gp, r.gv),
    currentUsd: canonical(r.cur),
    previousUsd: canonical(r.prev),
    changeUsd: canonical(r.change),
    changePercent: canonical(r.pct),
  }));
}

export async function getTopMovers(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  opts: ReadOptions = {},
): Promise<MoversView> {
  const f = validateFilters(filters);
  return withReadTimeout(db, opts, async (db) => ({
    range: { start: f.start, end: f.end },
    previousRange: previousRange(f.start, f.end),
    models: await moversBy(db, orgId, f, "model", opts),
    projects: await moversBy(db, orgId, f, "project", opts),
  }));
}
