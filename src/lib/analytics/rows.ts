/** Stored usage rows one by one: the public API's row listing and the CSV export. */
import { findProviderAdapter } from "@/lib/providers/registry";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { parseOrThrow } from "@/lib/validation";
import type { AnalyticsFilters } from "./contract";
import { facts, rawWhere } from "./facts";
import { analyticsFilterFields, checkRange, validateFilters } from "./filters";
import { catalogNamesByDimension } from "./labels";
import { withReadTimeout, type ReadTimeoutOptions } from "./read-timeout";
import { chooseSource, type ReadOptions } from "./source";

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export const pageFields = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
};

export const listUsageRowsSchema = z.strictObject({ ...analyticsFilterFields, ...pageFields }).superRefine(checkRange);

export interface UsageRow {
  id: number;
  /** UTC day of the usage bucket, `YYYY-MM-DD`. */
  date: string;
  windowStart: string;
  windowEnd: string;
  accountId: string;
  accountLabel: string;
  /** "openai", "anthropic", ... */
  provider: string;
  source: string;
  model: string;
  projectId: string | null;
  projectName: string | null;
  apiKeyId: string | null;
  apiKeyName: string | null;
  providerUserId: string | null;
  userName: string | null;
  serviceTier: string | null;
  batch: boolean | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  requests: number;
  /** Exact decimal string of the estimate, or null when the model has no known price. */
  estimatedCostUsd: string | null;
  simulated: boolean;
}

interface DbRow {
  id: number | string;
  date_utc: string;
  window_start: string;
  window_end: string;
  account_id: string;
  account_label: string;
  provider: string;
  source: string;
  model: string;
  project_id: string | null;
  api_key_id: string | null;
  provider_user_id: string | null;
  service_tier: string | null;
  batch: boolean | null;
  input_tokens: number | string;
  cached_input_tokens: number | string;
  output_tokens: number | string;
  requests: number | string;
  cost_usd: string | null;
  simulated: boolean;
}

/** Drops the zeros numeric math leaves at the end (`0.0001500000` -> `0.00015`). */
export function trimDecimal(value: string): string {
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
}

/** Rows in (bucket start, model, id) order; `after` continues a keyset walk. */
function rowsQuery(
  orgId: string,
  filters: AnalyticsFilters,
  page: { limit: number; offset?: number; after?: { windowStart: string; model: string; id: number } },
): SQL {
  const after = page.after
    ? sql`and window_start >= ${page.after.windowStart}::timestamptz
        and (window_start, model, id) > (${page.after.windowStart}::timestamptz, ${page.after.model}, ${page.after.id})`
    : sql``;
  return sql`
    with p as (
      select id, window_start, window_end, account_id, source, model, project_id, api_key_id, provider_user_id,
        service_tier, batch, input_tokens, cached_input_tokens, output_tokens, requests, simulated, cost_usd
      from usage_events
      where ${rawWhere({ orgId, filters, range: filters })} ${after}
      order by window_start, model, id
      limit ${page.limit} ${page.offset ? sql`offset ${page.offset}` : sql``}
    )
    select p.id, to_char(p.window_start at time zone 'UTC', 'YYYY-MM-DD') as date_utc,
      to_char(p.window_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as window_start,
      to_char(p.window_end at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as window_end,
      p.account_id::text as account_id, a.label as account_label, a.provider, p.source, p.model, p.project_id, p.api_key_id,
      p.provider_user_id, p.service_tier, p.batch, p.input_tokens::float8 as input_tokens,
      p.cached_input_tokens::float8 as cached_input_tokens, p.output_tokens::float8 as output_tokens,
      p.requests, p.cost_usd::text as cost_usd, p.simulated
    from p
    join provider_accounts a on a.id = p.account_id and a.org_id = ${orgId}::uuid
    order by p.window_start, p.model, p.id`;
}

async function fetchRows(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  page: Parameters<typeof rowsQuery>[2],
  names?: Names,
): Promise<UsageRow[]> {
  const raw = rowsOf<DbRow>(await db.execute(rowsQuery(orgId, filters, page)));
  const n = names ?? (await namesFor(db, orgId, raw));
  return raw.map((r) => ({
    id: Number(r.id),
    date: r.date_utc,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    accountId: r.account_id,
    accountLabel: r.account_label,
    provider: r.provider,
    source: r.source,
    model: r.model,
    projectId: r.project_id,
    projectName: r.project_id
      ? (n.project.get(r.project_id) ?? null)
      : (findProviderAdapter(r.provider)?.nullProjectLabel ?? null),
    apiKeyId: r.api_key_id,
    apiKeyName: r.api_key_id ? (n.apiKey.get(r.api_key_id) ?? null) : null,
    providerUserId: r.provider_user_id,
    userName: r.provider_user_id ? (n.user.get(r.provider_user_id) ?? null) : null,
    serviceTier: r.service_tier,
    batch: r.batch,
    inputTokens: Number(r.input_tokens),
    cachedInputTokens: Number(r.cached_input_tokens),
    outputTokens: Number(r.output_tokens),
    requests: Number(r.requests),
    estimatedCostUsd: r.cost_usd === null ? null : trimDecimal(r.cost_usd),
    simulated: r.simulated,
  }));
}

interface Names {
  project: Map<string, string>;
  apiKey: Map<string, string>;
  user: Map<string, string>;
}

async function namesFor(db: Db, orgId: string, rows: DbRow[] | null): Promise<Names> {
  const ids = (pick: (r: DbRow) => string | null) =>
    rows ? [...new Set(rows.map(pick).filter((v): v is string => v !== null))] : null;
  return catalogNamesByDimension(db, orgId, {
    project: ids((r) => r.project_id),
    apiKey: ids((r) => r.api_key_id),
    user: ids((r) => r.provider_user_id),
  });
}

/** Rows in the filtered view, counted from a cube when one covers the filters (the slow half on a big range). */
async function countRows(db: Db, orgId: string, filters: AnalyticsFilters, path: ReadOptions["path"]) {
  const source = await chooseSource(db, orgId, filters, [], path);
  const [count] = rowsOf<{ total: number }>(
    await db.execute(sql`select coalesce(sum(row_count), 0)::int as total
      from (${facts(source, { orgId, filters, range: filters, keep: [], unpriced: true })}) f`),
  );
  return Number(count?.total ?? 0);
}

/** How many stored rows the filtered view holds (the export checks its cap with this). */
export async function countUsageRows(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  options: ReadOptions = {},
): Promise<number> {
  const f = validateFilters(filters);
  return withReadTimeout(db, options, (db) => countRows(db, orgId, f, options.path));
}

/** One page of stored rows in the filtered view, ordered by date then model. */
export async function listUsageRows(
  db: Db,
  orgId: string,
  params: AnalyticsFilters & { page?: number; pageSize?: number },
  options: ReadOptions = {},
): Promise<{ rows: UsageRow[]; page: number; pageSize: number; total: number }> {
  const { page, pageSize, ...filters } = parseOrThrow(listUsageRowsSchema, params, "parameters");
  return withReadTimeout(db, options, async (db) => {
    const total = await countRows(db, orgId, filters, options.path);
    const offset = (page - 1) * pageSize;
    const rows = offset < total ? await fetchRows(db, orgId, filters, { limit: pageSize, offset }) : [];
    return { rows, page, pageSize, total };
  });
}

/**
 * Every row of the filtered view in order, a batch at a time (keyset paging, constant memory),
 * stopping after `maxRows`. Each batch is its own short read, so a slow reader holds no transaction.
 */
export async function* iterateUsageRows(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  batchSize = 5000,
  options: ReadTimeoutOptions & { maxRows?: number } = {},
): AsyncGenerator<UsageRow[]> {
  const f = validateFilters(filters);
  const names = await withReadTimeout(db, options, (db) => namesFor(db, orgId, null));
  let after: { windowStart: string; model: string; id: number } | undefined;
  let left = options.maxRows ?? Number.POSITIVE_INFINITY;
  while (left > 0) {
    const limit = Math.min(batchSize, left);
    const batch = await withReadTimeout(db, options, (db) => fetchRows(db, orgId, f, { limit, after }, names));
    if (batch.length > 0) yield batch;
    if (batch.length < limit) return;
    left -= batch.length;
    const last = batch.at(-1)!;
    after = { windowStart: last.windowStart, model: last.model, id: last.id };
  }
}
