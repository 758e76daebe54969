/**
 * Writes normalized usage with one statement per batch: columns travel as arrays through
 * `unnest`, and the upsert on usage_admin_bucket_idx (./persist-indexed.ts) updates only rows whose
 * numbers changed, so re-running a window leaves identical rows untouched and counts them as
 * unchanged; the same statement keeps the rollup cubes up to date.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { priceUsageRows } from "@/lib/pricing/price-rows";
import { markNewAccountPriced } from "@/lib/pricing/pricing-state";
import type { ProviderUsageRecord } from "@/lib/providers/types";
import { upsertWithIndex } from "./persist-indexed";
import {
  assignCounters,
  counters,
  inputRows,
  insertFromInput,
  type PersistTarget,
  type PricedBatch,
} from "./persist-sql";

export type { PersistTarget } from "./persist-sql";

/** Any provider's row; `requests` is null when the provider reports no request count. */
type UsageRow = ProviderUsageRecord;

export interface PersistResult {
  inserted: number;
  updated: number;
  unchanged: number;
  manualDedupe: boolean;
  /**
   * The rollup cubes already hold this batch (false: the slow path without the unique index, or
   * cubes of another version), so the account's cubes need no refresh for it.
   */
  rollupMaintained: boolean;
}

const MISSING_INDEX_CODES = new Set(["42P10", "42704"]);

/** A missing group stands apart from an empty one, as in the unique index (NUL never occurs in stored text). */
const keyPart = (v: string | boolean | null | undefined) => (v === null || v === undefined ? "\u0000" : String(v));

function dedupeKey(r: UsageRow) {
  return [
    r.model,
    r.windowStart.getTime(),
    r.windowEnd.getTime(),
    keyPart(r.projectId),
    keyPart(r.apiKeyId),
    keyPart(r.providerUserId),
    keyPart(r.serviceTier),
    keyPart(r.batch),
    keyPart(r.contextWindow),
    keyPart(r.inferenceGeo),
    r.endpoint ?? "completions",
    keyPart(r.imageSize),
    keyPart(r.imageSource),
    keyPart(r.contextLevel),
    keyPart(r.vectorStoreId),
  ].join("\u0001");
}

/** Counters that stay null when the endpoint does not report them (summing keeps null + null null). */
export const UNIT_FIELDS = [
  "inputAudioTokens",
  "inputCachedAudioTokens",
  "outputAudioTokens",
  "inputImageTokens",
  "inputCachedImageTokens",
  "outputImageTokens",
  "images",
  "characters",
  "audioSeconds",
  "usageBytes",
  "sessions",
  "toolCalls",
] as const satisfies readonly (keyof UsageRow)[];

function addNullable(a: number | null | undefined, b: number | null | undefined): number | null {
  return (a ?? null) === null && (b ?? null) === null ? null : (a ?? 0) + (b ?? 0);
}

/**
 * Two results for the same dedupe key in one batch (e.g. a bucket split across pages) are summed:
 * ON CONFLICT cannot touch one row twice in a statement, and both halves are real usage.
 */
export function coalesceRecords(records: UsageRow[]): UsageRow[] {
  const byKey = new Map<string, UsageRow>();
  // Rows are copied only when a second one is summed into them: the caller's rows are never changed.
  const sums = new Set<UsageRow>();
  for (const r of records) {
    const k = dedupeKey(r);
    let prev = byKey.get(k);
    if (!prev) {
      byKey.set(k, r);
      continue;
    }
    if (!sums.has(prev)) {
      prev = { ...prev };
      sums.add(prev);
      byKey.set(k, prev);
    }
    prev.inputTokens += r.inputTokens;
    prev.outputTokens += r.outputTokens;
    prev.cachedInputTokens += r.cachedInputTokens;
    prev.requests = prev.requests === null && r.requests === null ? null : (prev.requests ?? 0) + (r.requests ?? 0);
    prev.cacheWrite5mTokens = (prev.cacheWrite5mTokens ?? 0) + (r.cacheWrite5mTokens ?? 0);
    prev.cacheWrite1hTokens = (prev.cacheWrite1hTokens ?? 0) + (r.cacheWrite1hTokens ?? 0);
    prev.webSearchRequests = (prev.webSearchRequests ?? 0) + (r.webSearchRequests ?? 0);
    for (const field of UNIT_FIELDS) prev[field] = addNullable(prev[field], r[field]);
  }
  return [...byKey.values()];
}
/**
 * Without the unique index there is nothing for ON CONFLICT to infer, so the same effect is had
 * by hand: update matching rows, insert the rest, under a per-account advisory lock so two writers
 * cannot both insert the same bucket.
 */
async function upsertManually(db: Db, target: PersistTarget, records: PricedBatch, also: SQL[] = []) {
  const sameBucket = sql`u.account_id = ${target.accountId}::uuid and u.model = t.model and u.window_start = t.window_start
    and u.window_end = t.window_end and u.project_id is not distinct from t.project_id
    and u.api_key_id is not distinct from t.api_key_id and u.provider_user_id is not distinct from t.provider_user_id
    and u.service_tier is not distinct from t.service_tier and u.batch is not distinct from t.batch
    and u.context_window is not distinct from t.context_window and u.inference_geo is not distinct from t.inference_geo
    and u.endpoint = t.endpoint and u.image_size is not distinct from t.image_size
    and u.image_source is not distinct from t.image_source and u.context_level is not distinct from t.context_level
    and u.vector_store_id is not distinct from t.vector_store_id`;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${target.accountId}))`);
    const updated = await tx.execute(sql`
      with changed as (
        update usage_events u set input_tokens = t.input_tokens, output_tokens = t.output_tokens,
          cached_input_tokens = t.cached_input_tokens, requests = t.requests,
          cache_write_5m_tokens = t.cache_write_5m_tokens, cache_write_1h_tokens = t.cache_write_1h_tokens,
          web_search_requests = t.web_search_requests, source = t.source, cost_usd = t.cost_usd, ${assignCounters("t")},
          simulated = ${target.simulated}, updated_at = now()
        from (${inputRows(records)}) t
        where ${sameBucket} and (u.input_tokens, u.output_tokens, u.cached_input_tokens, u.requests,
            u.cache_write_5m_tokens, u.cache_write_1h_tokens, u.web_search_requests, u.simulated, u.cost_usd, ${counters("u")})
          is distinct from (t.input_tokens, t.output_tokens, t.cached_input_tokens, t.requests,
            t.cache_write_5m_tokens, t.cache_write_1h_tokens, t.web_search_requests, ${target.simulated},
            t.cost_usd, ${counters("t")})
        returning 1)
      select count(*)::int as n from changed`);
    const inserted = await tx.execute(sql`
      with added as (
        ${insertFromInput(target, records)}
        where not exists (select 1 from usage_events u where ${sameBucket})
        returning 1)
      select count(*)::int as n from added`);
    for (const statement of also) await tx.execute(statement);
    return {
      inserted: Number(rowsOf<{ n: number }>(inserted)[0]?.n ?? 0),
      updated: Number(rowsOf<{ n: number }>(updated)[0]?.n ?? 0),
    };
  });
}

function pgErrorCode(e: unknown): string | undefined {
  for (let cur: unknown = e; cur && typeof cur === "object"; cur = (cur as { cause?: unknown }).cause) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Coalesces a batch and prices each row (src/lib/pricing) with the organization's overrides. */
export async function priceBatch(db: Db, target: PersistTarget, records: UsageRow[]): Promise<PricedBatch> {
  const rows = coalesceRecords(records);
  if (rows.length === 0) return { records: [], costs: [] };
  return { records: rows, costs: await priceUsageRows(db, target.orgId, rows) };
}

export interface WriteOptions {
  forceManual?: boolean;
  /** Statements that must commit with the rows or not at all (ingestion's day digests). */
  alsoInTransaction?: SQL[];
}

/** Upserts a priced batch (from priceBatch: no two rows share a bucket). */
export async function writePricedBatch(
  db: Db,
  target: PersistTarget,
  batch: PricedBatch,
  opts: WriteOptions = {},
): Promise<PersistResult> {
  const rows = batch.records;
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, manualDedupe: false, rollupMaintained: true };
  // Before the account's first rows land, not for a batch that writes nothing (a skipped day).
  await markNewAccountPriced(db, target.orgId, target.accountId);
  let counts: { inserted: number; updated: number; rollupMaintained: boolean };
  let manualDedupe = false;
  if (opts.forceManual) {
    counts = { ...(await upsertManually(db, target, batch, opts.alsoInTransaction)), rollupMaintained: false };
    manualDedupe = true;
  } else {
    try {
      counts = await upsertWithIndex(db, target, batch, opts.alsoInTransaction);
    } catch (e) {
      if (!MISSING_INDEX_CODES.has(pgErrorCode(e) ?? "")) throw e;
      counts = { ...(await upsertManually(db, target, batch, opts.alsoInTransaction)), rollupMaintained: false };
      manualDedupe = true;
    }
  }
  return { ...counts, unchanged: rows.length - counts.inserted - counts.updated, manualDedupe };
}

export async function upsertUsageBuckets(
  db: Db,
  target: PersistTarget,
  records: UsageRow[],
  opts: WriteOptions = {},
): Promise<PersistResult> {
  return writePricedBatch(db, target, await priceBatch(db, target, records), opts);
}
