import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { AnalyticsFilters, Granularity, TimeSeriesPoint } from "./contract";
import { periodsInRange } from "@/lib/dates";
import { facts, SUMS, SUMS_BY_NAME, toSums, type SumsRow } from "./facts";
import { withReadTimeout } from "./read-timeout";
import { granularitySchema, validateFilters } from "./filters";
import { chooseSource, type ReadOptions } from "./source";
import { parseOrThrow } from "@/lib/validation";

/**
 * One point per day, ISO week (from Monday) or month overlapping the range, zero-filled, in order.
 * Rows are summed per day before the period is computed: formatting dates row by row costs more
 * than the sums.
 */
export async function getUsageTimeSeries(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  granularity: Granularity = "day",
  options: ReadOptions = {},
): Promise<TimeSeriesPoint[]> {
  const f = validateFilters(filters);
  const g = parseOrThrow(granularitySchema, granularity, "granularity");
  return withReadTimeout(db, options, async (db) => {
    const source = await chooseSource(db, orgId, f, ["period"], options.path);
    const rows = rowsOf<SumsRow & { period: string }>(
      await db.execute(sql`
        select to_char(date_trunc(${g}, period::timestamp), 'YYYY-MM-DD') as period, ${SUMS}
        from (
          select period, ${SUMS_BY_NAME}
          from (${facts(source, { orgId, filters: f, range: f, keep: ["period"], dailyOnly: g !== "month" })}) f
          group by period
        ) days
        group by 1`),
    );
    const byPeriod = new Map(rows.map((r) => [r.period, r]));
    return periodsInRange(f.start, f.end, g).map((period) => ({ period, ...toSums(byPeriod.get(period)) }));
  });
}
