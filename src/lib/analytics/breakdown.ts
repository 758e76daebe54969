import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { parseOrThrow } from "@/lib/validation";
import type { AnalyticsFilters, BreakdownDimension, BreakdownRow } from "./contract";
import { DIMENSION_COLUMNS } from "./plan";
import { facts, SUMS, toSums, type SumsRow } from "./facts";
import { breakdownDimensionSchema, validateFilters } from "./filters";
import { labelsFor, nullProjectLabel } from "./labels";
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
    // A project breakdown keeps the provider of rows without a project: its label differs per provider.
    const keep = dim === "project" ? [column, "account_id" as const] : [column];
    const source = await chooseSource(db, orgId, f, keep, opts.path);
    const providerOf = sql`(select pa.provider from provider_accounts pa where pa.id = f.account_id)`;
    const value = dim === "provider" ? providerOf : sql`${sql.raw(column)}::text`;
    const nullOf = dim === "project" ? sql`case when f.project_id is null then ${providerOf} end` : sql`null::text`;
    const rows = rowsOf<SumsRow & { value: string | null; null_of: string | null }>(
      await db.execute(sql`
        select ${value} as value, ${nullOf} as null_of, ${SUMS}
        from (${facts(source, { orgId, filters: f, range: f, keep })}) f
        group by 1, 2
        order by coalesce(sum(input_tokens), 0) + coalesce(sum(output_tokens), 0) desc, 1 asc nulls last, 2 asc
        limit ${limit}`),
    );
    const label = await labelsFor(
      db,
      orgId,
      dim,
      rows.map((r) => r.value),
    );
    return rows.map((r) => ({
      value: r.value,
      label: r.value === null && dim === "project" ? nullProjectLabel(r.null_of) : label(r.value),
      ...toSums(r),
    }));
  });
}
