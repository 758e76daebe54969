/** The analytics bench's views: every read the dashboard offers, by name, and the index-free baseline. */
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

export type View = (db: Db, orgId: string, filters: AnalyticsFilters, path: ReadPath) => Promise<unknown>;

/** Every view the read side offers, by name, with the table "auto" would read. */
export function views(): Record<string, { run: View; groupBy: string[] }> {
  const out: Record<string, { run: View; groupBy: string[] }> = {
    totals: { run: (db, u, f, path) => getUsageTotals(db, u, f, { path }), groupBy: [] },
    timeseries_day: { run: (db, u, f, path) => getUsageTimeSeries(db, u, f, "day", { path }), groupBy: ["period"] },
    timeseries_week: { run: (db, u, f, path) => getUsageTimeSeries(db, u, f, "week", { path }), groupBy: ["period"] },
    timeseries_month: { run: (db, u, f, path) => getUsageTimeSeries(db, u, f, "month", { path }), groupBy: ["period"] },
  };
  for (const [dimension, column] of Object.entries(DIMENSION_COLUMNS)) {
    out[`breakdown_${dimension}`] = {
      run: (db, u, f, path) => getUsageBreakdown(db, u, f, dimension as keyof typeof DIMENSION_COLUMNS, { path }),
      groupBy: [column],
    };
  }
  out.filter_options = {
    run: (db, u, f, path) => getFilterOptions(db, u, { start: f.start, end: f.end }, { path }),
    groupBy: ["api_key_id"],
  };
  out.rows_page_1 = { run: (db, u, f, path) => listUsageRows(db, u, { ...f, pageSize: 100 }, { path }), groupBy: [] };
  return out;
}

/** What src/app/analytics/page.tsx loads at once (besides the key list); its default dimension is model. */
export const PAGE_VIEWS = ["totals", "timeseries_day", "breakdown_model", "filter_options"];
/** A heavier page: every panel at once. */
export const ALL_PANELS = [
  "totals",
  "timeseries_day",
  "breakdown_model",
  "breakdown_project",
  "breakdown_apiKey",
  "breakdown_user",
  "filter_options",
];

/** The baseline: the raw path (GROUP BY over usage_events) with the planner kept off every index. */
export async function unindexed<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_indexscan = off`);
    await tx.execute(sql`set local enable_bitmapscan = off`);
    await tx.execute(sql`set local enable_indexonlyscan = off`);
    return fn(tx as unknown as Db);
  });
}
