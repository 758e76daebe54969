/**
 * The analytics bench's views: every read the dashboard, the money views and reconciliation offer,
 * by name; what the /analytics page loads at once; and the old index-free baseline.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/types";
import {
  getFilterOptions,
  getUsageBreakdown,
  getUsageTimeSeries,
  getUsageTotals,
  listUsageRows,
  type AnalyticsFilters,
  type ReadPath,
} from "@/lib/analytics";
import { DIMENSION_COLUMNS } from "@/lib/analytics/plan";
import { detectAnomalies } from "@/lib/anomalies/detect";
import { getForecast } from "@/lib/forecast/get";
import { listKeys } from "@/lib/keys/list";
import { billedSpendByDay } from "@/lib/money/billed";
import { billedLinesByDay } from "@/lib/money/billed-lines";
import { dailySpend } from "@/lib/money/spend";
import type { ActingAs } from "@/lib/orgs/types";
import { listUnpricedModels } from "@/lib/pricing/unpriced";
import { getReconciliation, getSpendView, getTopMovers } from "@/lib/reconciliation";

/** No statement timeout: a slow baseline must be measured, not cancelled. */
const NO_TIMEOUT = { statementTimeoutMs: 0 };

export interface Ctx {
  orgId: string;
  actor: ActingAs;
  /** "Now" for views that look at today (the day after the dataset's last day). */
  now: Date;
}
export type View = (db: Db, ctx: Ctx, filters: AnalyticsFilters, path: ReadPath) => Promise<unknown>;
export interface ViewSpec {
  run: View;
  /** Fact columns "auto" groups by (to name the cube that serves it); null = not a usage-cube read. */
  groupBy: string[] | null;
  /** What serves it when groupBy is null. */
  servedBy?: string;
  /** False when the view has no raw path: its baseline is the same call. */
  hasRawPath: boolean;
  /** Set for a bulk read (a download, not a dashboard view): why it is outside the per-view target. */
  bulk?: string;
}

const usage = (run: View, groupBy: string[]): ViewSpec => ({ run, groupBy, hasRawPath: true });
const fixed = (run: View, servedBy: string, hasRawPath = false): ViewSpec => ({
  run,
  groupBy: null,
  servedBy,
  hasRawPath,
});

/** The usage views (one per chart and breakdown), as before the money work. */
function usageViews(): Record<string, ViewSpec> {
  const out: Record<string, ViewSpec> = {
    totals: usage((db, c, f, path) => getUsageTotals(db, c.orgId, f, { path, ...NO_TIMEOUT }), []),
    timeseries_day: usage(
      (db, c, f, path) => getUsageTimeSeries(db, c.orgId, f, "day", { path, ...NO_TIMEOUT }),
      ["period"],
    ),
    timeseries_week: usage(
      (db, c, f, path) => getUsageTimeSeries(db, c.orgId, f, "week", { path, ...NO_TIMEOUT }),
      ["period"],
    ),
    timeseries_month: usage(
      (db, c, f, path) => getUsageTimeSeries(db, c.orgId, f, "month", { path, ...NO_TIMEOUT }),
      ["period"],
    ),
  };
  for (const [dimension, column] of Object.entries(DIMENSION_COLUMNS)) {
    const dim = dimension as keyof typeof DIMENSION_COLUMNS;
    out[`breakdown_${dimension}`] = usage(
      (db, c, f, path) => getUsageBreakdown(db, c.orgId, f, dim, { path, ...NO_TIMEOUT }),
      [column],
    );
  }
  out.filter_options = usage(
    (db, c, f, path) => getFilterOptions(db, c.orgId, { start: f.start, end: f.end }, { path, ...NO_TIMEOUT }),
    ["api_key_id"],
  );
  out.rows_page_1 = usage(
    (db, c, f, path) => listUsageRows(db, c.orgId, { ...f, pageSize: 100 }, { path, ...NO_TIMEOUT }),
    [],
  );
  return out;
}

/** The money views: spend (billed where reported, else estimated), movers, reconciliation, the bill. */
function moneyViews(): Record<string, ViewSpec> {
  const out: Record<string, ViewSpec> = {};
  for (const stack of ["provider", "project", "model"] as const) {
    out[`spend_${stack}`] = fixed(
      (db, c, f, path) => getSpendView(db, c.orgId, f, { stack, granularity: "day", now: c.now, path, ...NO_TIMEOUT }),
      "usage facts (auto) + cost_events",
      true,
    );
  }
  out.top_movers = fixed(
    (db, c, f, path) => getTopMovers(db, c.orgId, f, { path, ...NO_TIMEOUT }),
    "usage facts (auto) + cost_events",
    true,
  );
  out.reconciliation = fixed(
    (db, c, f, path) =>
      getReconciliation(db, c.actor, { start: f.start, end: f.end }, { now: c.now, path, ...NO_TIMEOUT }),
    "usage facts (auto) + cost_events",
    true,
  );
  out.billed_day_provider_project = fixed(
    (db, c, f) => billedSpendByDay(db, c.orgId, { start: f.start, end: f.end }, { now: c.now.getTime() }),
    "cost_daily",
  );
  out.billed_line_items = {
    ...fixed(
      (db, c, f) => billedLinesByDay(db, c.orgId, { start: f.start, end: f.end, provider: "openai" }),
      "cost_line_daily",
    ),
    bulk: "every billed line item of every day and project in range, for usage:diff --costs and the parity API: a download sized by its rows",
  };
  out.daily_spend = fixed(
    (db, c, f) => dailySpend(db, c.orgId, { start: f.start, end: f.end }, { now: c.now }),
    "usage facts (auto) + cost_events",
  );
  return out;
}

/** Every view the read side offers, by name. */
export function views(): Record<string, ViewSpec> {
  return { ...usageViews(), ...moneyViews() };
}

/** The views the page loads whatever the range (besides the range's own). */
const PAGE_FIXED: Record<string, ViewSpec> = {
  keys: fixed((db, c) => listKeys(db, c.actor), "provider_keys"),
  forecast: fixed((db, c) => getForecast(db, c.orgId, {}, c.now), "usage facts (auto) + cost_events"),
  anomalies: fixed((db, c) => detectAnomalies(db, c.orgId, {}, { now: c.now }), "usage facts (auto) + cost_events"),
  unpriced_models: fixed(
    (db, c, f) => listUnpricedModels(db, c.actor, { start: f.start, end: f.end }),
    "usage_events (its own query)",
  ),
};

/**
 * Everything src/app/analytics/page.tsx reads for the default view (stack provider, breakdown by
 * model with its 50-row limit, daily granularity), all at once: its Promise.all plus the
 * server components it renders (forecast, anomalies, unpriced models).
 */
export const PAGE_CALLS: Record<string, View> = {
  keys: PAGE_FIXED.keys!.run,
  totals: (db, c, f, path) => getUsageTotals(db, c.orgId, f, { path, ...NO_TIMEOUT }),
  timeseries_day: (db, c, f, path) => getUsageTimeSeries(db, c.orgId, f, "day", { path, ...NO_TIMEOUT }),
  breakdown_model_50: (db, c, f, path) =>
    getUsageBreakdown(db, c.orgId, f, "model", { limit: 50, path, ...NO_TIMEOUT }),
  filter_options: (db, c, f, path) =>
    getFilterOptions(db, c.orgId, { start: f.start, end: f.end }, { path, ...NO_TIMEOUT }),
  spend_provider: (db, c, f, path) =>
    getSpendView(db, c.orgId, f, { stack: "provider", granularity: "day", now: c.now, path, ...NO_TIMEOUT }),
  top_movers: (db, c, f, path) => getTopMovers(db, c.orgId, f, { path, ...NO_TIMEOUT }),
  forecast: PAGE_FIXED.forecast!.run,
  anomalies: PAGE_FIXED.anomalies!.run,
  unpriced_models: PAGE_FIXED.unpriced_models!.run,
};

/** The page's extra reads, timed on their own too. */
export const pageOnlyViews = () => PAGE_FIXED;

export const runPage = (db: Db, ctx: Ctx, filters: AnalyticsFilters, path: ReadPath) =>
  Promise.all(Object.values(PAGE_CALLS).map((call) => call(db, ctx, filters, path)));

/** The old baseline: the raw path with the planner kept off every index (labelled as such). */
export async function unindexed<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_indexscan = off`);
    await tx.execute(sql`set local enable_bitmapscan = off`);
    await tx.execute(sql`set local enable_indexonlyscan = off`);
    return fn(tx as unknown as Db);
  });
}
