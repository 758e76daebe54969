/**
 * The one place that reads usage for the views: a subquery of "fact" rows with the requested
 * columns plus input_tokens, cached_input_tokens, output_tokens, requests, cost_usd (numeric) and
 * row_count. From a cube it reads month rows for whole months, block rows for whole 7-day blocks
 * and day rows for the rest; from usage_events it groups by the requested columns. Cost is the
 * stored per-row cost_usd summed (exact numeric) either way, so both give the same digits.
 */
import { sql, type SQL } from "drizzle-orm";
import type { AnalyticsFilters } from "./contract";
import { cubeNamed, type Cube, type FactColumn } from "@/lib/rollup";
import { FILTER_COLUMNS } from "./plan";
import { addDays, dayStartIso, splitRange } from "@/lib/dates";
import type { Source } from "./source";

export interface FactSpec {
  orgId: string;
  filters: AnalyticsFilters;
  range: { start: string; end: string };
  keep: readonly FactColumn[];
  /** Only day rows (time series by day or week); otherwise months and blocks are read where whole. */
  dailyOnly?: boolean;
  /** Leave cost_usd null (filter options need no prices). */
  unpriced?: boolean;
}

export const MEASURES = sql`input_tokens, cached_input_tokens, output_tokens, requests, cost_usd, row_count`;

/** The filters other than the date range, as conditions on the shared column names. */
export function filterConditions(filters: AnalyticsFilters): SQL[] {
  const out: SQL[] = [];
  for (const [field, column] of Object.entries(FILTER_COLUMNS) as [keyof typeof FILTER_COLUMNS, FactColumn][]) {
    const value = filters[field];
    if (value === undefined) continue;
    const col = sql.raw(column);
    if (field === "accountId") out.push(sql`${col} = ${value}::uuid`);
    else if (field === "provider") {
      out.push(sql`${col} in (select pa.id from provider_accounts pa where pa.provider = ${value})`);
    } else if (field === "batch") out.push(sql`${col} = ${value}::boolean`);
    else out.push(sql`${col} = ${value}`);
  }
  return out;
}

function periodClause(range: { start: string; end: string }, dailyOnly: boolean, blocks: boolean): SQL {
  const days = (start: string, end: string) => sql`(period >= ${start}::date and period <= ${end}::date)`;
  if (dailyOnly) return sql`grain = 'day' and ${days(range.start, range.end)}`;
  const split = splitRange(range.start, range.end, { blocks });
  const parts: SQL[] = [];
  if (split.months) parts.push(sql`(grain = 'month' and ${days(split.months.first, split.months.last)})`);
  if (split.blocks.length) parts.push(sql`(grain = 'block' and period = any(${sql.param(split.blocks)}::date[]))`);
  if (split.days.length) {
    const spans = sql.join(
      split.days.map((d) => days(d.start, d.end)),
      sql` or `,
    );
    parts.push(sql`(grain = 'day' and (${spans}))`);
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

function cubeFacts(cube: Cube, spec: FactSpec): SQL {
  const cols = spec.keep.map((c) => sql.raw(`${c}, `));
  const where = [
    sql`org_id = ${spec.orgId}::uuid`,
    ...filterConditions(spec.filters),
    periodClause(spec.range, !!spec.dailyOnly, cube.blocks),
  ];
  return sql`select ${sql.join(cols)}${MEASURES} from ${sql.identifier(cube.table)} where ${sql.join(where, sql` and `)}`;
}

const RAW_EXPR: Record<FactColumn, string> = {
  period: "(window_start at time zone 'UTC')::date",
  account_id: "account_id",
  simulated: "simulated",
  model: "model",
  project_id: "project_id",
  api_key_id: "api_key_id",
  provider_user_id: "provider_user_id",
  service_tier: "service_tier",
  batch: "batch",
};

/** usage_events rows in range, filtered, with the columns to group by. */
export function rawWhere(spec: Pick<FactSpec, "orgId" | "filters" | "range">): SQL {
  const where = [
    sql`org_id = ${spec.orgId}::uuid`,
    sql`window_start >= ${dayStartIso(spec.range.start)}::timestamptz`,
    sql`window_start < ${dayStartIso(addDays(spec.range.end, 1))}::timestamptz`,
    ...filterConditions(spec.filters),
  ];
  return sql.join(where, sql` and `);
}

function rawFacts(spec: FactSpec): SQL {
  const keep = spec.keep.map((c) => sql.raw(`${RAW_EXPR[c]} as ${c}, `));
  const groupBy = spec.keep.map((c) => sql.raw(RAW_EXPR[c]));
  const cost = spec.unpriced ? sql`null::numeric` : sql`sum(cost_usd)`;
  return sql`select ${sql.join(keep)}sum(input_tokens) as input_tokens, sum(cached_input_tokens) as cached_input_tokens,
      sum(output_tokens) as output_tokens, coalesce(sum(requests), 0) as requests, ${cost} as cost_usd,
      count(*) as row_count
    from usage_events where ${rawWhere(spec)}
    ${groupBy.length ? sql`group by ${sql.join(groupBy, sql`, `)}` : sql`having count(*) > 0`}`;
}

export function facts(source: Source, spec: FactSpec): SQL {
  return source.kind === "raw" ? rawFacts(spec) : cubeFacts(cubeNamed(source.cube), spec);
}

/** The UsageSums columns over a set of fact rows (float8, so every driver returns numbers). */
export const SUMS = sql`coalesce(sum(input_tokens), 0)::float8 as input_tokens,
  coalesce(sum(output_tokens), 0)::float8 as output_tokens,
  coalesce(sum(cached_input_tokens), 0)::float8 as cached_input_tokens,
  coalesce(sum(requests), 0)::float8 as requests,
  sum(cost_usd)::float8 as cost_usd`;

/** Re-sums fact columns under their own names, for a grouping step before the final one. */
export const SUMS_BY_NAME = sql`sum(input_tokens) as input_tokens, sum(cached_input_tokens) as cached_input_tokens,
  sum(output_tokens) as output_tokens, sum(requests) as requests, sum(cost_usd) as cost_usd, sum(row_count) as row_count`;

export interface SumsRow {
  input_tokens: number | string;
  output_tokens: number | string;
  cached_input_tokens: number | string;
  requests: number | string;
  cost_usd: number | string | null;
}

export function toSums(row: SumsRow | undefined) {
  return {
    inputTokens: Number(row?.input_tokens ?? 0),
    outputTokens: Number(row?.output_tokens ?? 0),
    cachedInputTokens: Number(row?.cached_input_tokens ?? 0),
    requests: Number(row?.requests ?? 0),
    costUsd: row?.cost_usd === null || row?.cost_usd === undefined ? null : Number(row.cost_usd),
  };
}
