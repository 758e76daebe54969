/**
 * Recomputes usage_events.cost_usd for stored rows, a batch at a time (keyset on id): after an
 * organization's price override changes, and when an account's rows were priced with another
 * PRICING_VERSION. Pricing runs here (the library is JavaScript); each batch is one UPDATE from
 * unnest that only touches rows whose cost changed, and the UTC days of those rows are returned
 * so the caller refreshes only the rollup days that moved.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { SNAPSHOT_SUFFIX_SQL } from "./model-match";
import { loadPriceOverrides } from "./overrides/load";
import { priceUsageRow } from "./price-row";
import type { PriceableUsage } from "./types";

const BATCH = 2000;

export interface RepriceScope {
  orgId: string;
  accountId?: string;
  provider?: string;
  /** The model and its dated snapshots (isSnapshotOf: `gpt-4o` also covers `gpt-4o-2024-08-06`). */
  model?: string;
  /** First UTC day, YYYY-MM-DD. */
  fromDay?: string;
}

export interface RepriceResult {
  rows: number;
  changed: number;
  /** Per provider account, the first and last UTC day whose rows changed cost. */
  changedDays: { accountId: string; first: string; last: string }[];
}

/** usage_events columns (snake_case, as to_jsonb writes them) -> PriceableUsage; columns a database lacks stay undefined. */
export function usageFromStoredRow(r: Record<string, unknown>): PriceableUsage {
  const num = (k: string) => (r[k] === null || r[k] === undefined ? null : Number(r[k]));
  const str = (k: string) => (typeof r[k] === "string" ? (r[k] as string) : null);
  return {
    provider: String(r.provider),
    model: String(r.model),
    endpoint: str("endpoint"),
    inputTokens: num("input_tokens") ?? 0,
    cachedInputTokens: num("cached_input_tokens") ?? 0,
    cacheWrite5mTokens: num("cache_write_5m_tokens"),
    cacheWrite1hTokens: num("cache_write_1h_tokens"),
    outputTokens: num("output_tokens") ?? 0,
    requests: num("requests"),
    batch: typeof r.batch === "boolean" ? r.batch : null,
    serviceTier: str("service_tier"),
    contextWindow: str("context_window"),
    inputAudioTokens: num("input_audio_tokens"),
    inputCachedAudioTokens: num("input_cached_audio_tokens"),
    outputAudioTokens: num("output_audio_tokens"),
    inputImageTokens: num("input_image_tokens"),
    inputCachedImageTokens: num("input_cached_image_tokens"),
    outputImageTokens: num("output_image_tokens"),
    images: num("images"),
    imageSize: str("image_size"),
    characters: num("characters"),
    audioSeconds: num("audio_seconds"),
    usageBytes: num("usage_bytes"),
    sessions: num("sessions"),
    toolCalls: num("tool_calls"),
    webSearchRequests: num("web_search_requests"),
  };
}

export async function repriceUsageRows(
  db: Db,
  scope: RepriceScope,
  options: { batchSize?: number } = {},
): Promise<RepriceResult> {
  const batchSize = options.batchSize ?? BATCH;
  const overrides = await loadPriceOverrides(db, scope.orgId);
  const where = [sql`u.org_id = ${scope.orgId}::uuid`];
  if (scope.accountId) where.push(sql`u.account_id = ${scope.accountId}::uuid`);
  if (scope.provider) where.push(sql`u.provider = ${scope.provider}`);
  if (scope.model) {
    const m = scope.model;
    where.push(sql`(u.model = ${m} or (left(u.model, ${m.length + 1}) = ${`${m}-`}
      and substr(u.model, ${m.length + 1}) ~ ${SNAPSHOT_SUFFIX_SQL}))`);
  }
  if (scope.fromDay) where.push(sql`u.window_start >= ${`${scope.fromDay}T00:00:00Z`}::timestamptz`);
  const days = new Map<string, { first: string; last: string }>();
  // Keyset over (window_start, id), which the (org_id, window_start) index walks in order: by id
  // alone, each batch had Postgres intersect the organization's whole row set with "id > after",
  // so a large account's batches grew slower as the table grew (minutes per million rows).
  let after: { windowStart: string; id: number } | null = null;
  let rows = 0;
  let changed = 0;
  for (;;) {
    const keyset: SQL = after
      ? sql`and u.window_start >= ${after.windowStart}::timestamptz
          and (u.window_start, u.id) > (${after.windowStart}::timestamptz, ${after.id}::bigint)`
      : sql``;
    const batch = rowsOf<{ id: number | string; window_start: string | Date; ws: string; r: Record<string, unknown> }>(
      await db.execute(sql`select u.id, u.window_start,
          to_char(u.window_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ws, to_jsonb(u) as r
        from usage_events u
        where ${sql.join(where, sql` and `)} ${keyset} order by u.window_start, u.id limit ${batchSize}`),
    );
    if (batch.length === 0) break;
    const last = batch.at(-1)!;
    // The key at microseconds, as stored (a JavaScript Date keeps milliseconds).
    after = { windowStart: last.ws, id: Number(last.id) };
    rows += batch.length;
    const costs = batch.map((b) => priceUsageRow(usageFromStoredRow(b.r), new Date(b.window_start), overrides));
    const updated = rowsOf<{ account_id: string; first: string; last: string; n: number }>(
      await db.execute(sql`
        with v as (select * from unnest(${sql.param(batch.map((b) => Number(b.id)))}::bigint[],
            ${sql.param(costs)}::numeric[]) as t(id, cost)),
        changed as (
          update usage_events u set cost_usd = v.cost from v
          where u.id = v.id and u.cost_usd is distinct from v.cost
          returning u.account_id, u.window_start)
        select account_id::text as account_id, count(*)::int as n,
          to_char(min(window_start) at time zone 'UTC', 'YYYY-MM-DD') as first,
          to_char(max(window_start) at time zone 'UTC', 'YYYY-MM-DD') as last
        from changed group by account_id`),
    );
    for (const u of updated) {
      changed += Number(u.n);
      const prev = days.get(u.account_id);
      days.set(u.account_id, {
        first: prev && prev.first < u.first ? prev.first : u.first,
        last: prev && prev.last > u.last ? prev.last : u.last,
      });
    }
    if (batch.length < batchSize) break;
  }
  return { rows, changed, changedDays: [...days].map(([accountId, d]) => ({ accountId, ...d })) };
}
