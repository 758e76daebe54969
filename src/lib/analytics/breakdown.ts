import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { parseOrThrow } from "@/lib/validation";
import type { AnalyticsFilters, BreakdownDimension, BreakdownRow } from "./contract";
import { DIMENSION_COLUMNS } from "./cubes";
import { facts, SUMS, toSums, type SumsRow } from "./facts";
import { breakdownDimensionSchema, validateFilters } from "./filters";
import { labelsFor } from "./labels";
import { withReadTimeout } from "./read-timeout";
import { chooseSource, type ReadOptions } from "./source";

export const DEFAULT_BREAKDOWN_LIMIT = 50;
export const MAX_BREAKDOWN_LIMIT = 1000;

export const breakdownLimitSchema = z.coerce.number().int().min(1).max(MAX_BREAKDOWN_LIMIT);

/** Usage per value of one dimension, biggest (input + output tokens) first, at most `limit` rows. */
export async function getUsageBreakdown(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  dimension: BreakdownDimension,
  opts: { limit?: number } & ReadOptions = {},
): Promise<BreakdownRow[]> {
  const f = validateFilters(filters);
  const dim = parseOrThrow(breakdownDimensionSchema, dimension, "dimension");
  const limit = parseOrThrow(breakdownLimitSchema, opts.limit ?? DEFAULT_BREAKDOWN_LIMIT, "limit");
  return withReadTimeout(db, opts, async (db) => {
    const column = DIMENSION_COLUMNS[dim];
    const source = await chooseSource(db, orgId, f, [column], opts.path);
    const rows = rowsOf<SumsRow & { value: string | null }>(
      await db.execute(sql`
        select ${sql.raw(column)}::text as value, ${SUMS}
        from (${facts(source, { orgId, filters: f, range: f, keep: [column] })}) f
        group by 1
        order by coalesce(sum(input_tokens), 0) + coalesce(sum(output_tokens), 0) desc, 1 asc nulls last
        limit ${limit}`),
    );
    const label = await labelsFor(
      db,
      orgId,
      dim,
      rows.map((r) => r.value),
    );
    return rows.map((r) => ({ value: r.value, label: label(r.value), ...toSums(r) }));
  });
}
