import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { AnalyticsFilters, Granularity, TimeSeriesPoint } from "./contract";
import { periodsInRange } from "./dates";
import { facts, SUMS, toSums, type SumsRow } from "./facts";
import { granularitySchema, validateFilters } from "./filters";
import { chooseSource, type ReadOptions } from "./source";
import { parseOrThrow } from "@/lib/validation";

/** One point per day, ISO week (from Monday) or month overlapping the range, zero-filled, in order. */
export async function getUsageTimeSeries(
  db: Db,
  userId: string,
  filters: AnalyticsFilters,
  granularity: Granularity = "day",
  options: ReadOptions = {},
): Promise<TimeSeriesPoint[]> {
  const f = validateFilters(filters);
  const g = parseOrThrow(granularitySchema, granularity, "granularity");
  const source = await chooseSource(db, userId, f, ["period"], options.path);
  const rows = rowsOf<SumsRow & { period: string }>(
    await db.execute(sql`
      select to_char(date_trunc(${g}, period)::date, 'YYYY-MM-DD') as period, ${SUMS}
      from (${facts(source, { userId, filters: f, range: f, keep: ["period"], dailyOnly: g !== "month" })}) f
      group by 1`),
  );
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  return periodsInRange(f.start, f.end, g).map((period) => ({ period, ...toSums(byPeriod.get(period)) }));
}
