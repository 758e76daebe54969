/**
 * Writes normalized usage with one statement per batch: columns travel as arrays through
 * `unnest`, and the upsert on usage_admin_bucket_idx updates only rows whose numbers changed,
 * so re-running a window leaves identical rows untouched and counts them as unchanged.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { priceUsageRows } from "@/lib/pricing/price-rows";
import { markNewAccountPriced } from "@/lib/pricing/pricing-state";
import type { ProviderUsageRecord } from "@/lib/providers/types";

/** Any provider's row; `requests` is null when the provider reports no request count. */
type UsageRow = ProviderUsageRecord;

/** Usage belongs to a provider account, whichever of its keys fetched it. */
export interface PersistTarget {
  orgId: string;
  accountId: string;
  simulated: boolean;
}

export interface PersistResult {
  inserted: number;
  updated: number;
  unchanged: number;
  manualDedupe: boolean;
}

const MISSING_INDEX_CODES = new Set(["42P10", "42704"]);

function dedupeKey(r: UsageRow) {
  return [
    r.model,
    r.windowStart.toISOString(),
    r.windowEnd.toISOString(),
    r.projectId,
    r.apiKeyId,
    r.providerUserId,
    r.serviceTier,
    r.batch,
    r.contextWindow ?? null,
    r.inferenceGeo ?? null,
    r.endpoint ?? "completions",
    r.imageSize ?? null,
    r.imageSource ?? null,
    r.contextLevel ?? null,
    r.vectorStoreId ?? null,
  ].join("\u0001");
}

/** Counters that stay null when the endpoint does not report them (summing keeps null + null null). */
const UNIT_FIELDS = [
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
  for (const r of records) {
    const k = dedupeKey(r);
    const prev = byKey.get(k);
    if (!prev) {
      byKey.set(k, { ...r });
      continue;
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

/** Counters of the modality details and of the non-token endpoints (nullable columns). */
const DETAIL_COUNTERS = [
  "input_audio_tokens",
  "input_cached_audio_tokens",
  "output_audio_tokens",
  "input_image_tokens",
  "input_cached_image_tokens",
  "output_image_tokens",
  "images",
  "characters",
  "audio_seconds",
  "usage_bytes",
  "sessions",
  "tool_calls",
];
/** The endpoint, its counters and its group keys, in the order inputRows' unnest lists them. */
const DETAIL_NAMES = ["endpoint", ...DETAIL_COUNTERS, "image_size", "image_source", "context_level", "vector_store_id"];
const DETAIL_COLUMNS = DETAIL_NAMES.join(", ");
const counters = (prefix: string) => sql.raw(DETAIL_COUNTERS.map((c) => `${prefix}.${c}`).join(", "));
const assignCounters = (from: string) => sql.raw(DETAIL_COUNTERS.map((c) => `${c} = ${from}.${c}`).join(", "));

/** A batch with each row's computed cost (src/lib/pricing), in the same order. */
interface PricedBatch {
  records: UsageRow[];
  costs: (string | null)[];
}

function inputRows({ records, costs }: PricedBatch): SQL {
  const col = <T>(pick: (r: UsageRow) => T) => sql.param(records.map(pick));
  return sql`select * from unnest(
      ${col((r) => r.provider)}::text[],
      ${col((r) => r.source)}::text[],
      ${col((r) => r.model)}::text[],
      ${col((r) => r.windowStart.toISOString())}::timestamptz[],
      ${col((r) => r.windowEnd.toISOString())}::timestamptz[],
      ${col((r) => r.inputTokens)}::bigint[],
      ${col((r) => r.outputTokens)}::bigint[],
      ${col((r) => r.cachedInputTokens)}::bigint[],
      ${col((r) => r.requests)}::integer[],
      ${col((r) => r.projectId)}::text[],
      ${col((r) => r.apiKeyId)}::text[],
      ${col((r) => r.providerUserId)}::text[],
      ${col((r) => r.serviceTier)}::text[],
      ${col((r) => r.batch)}::boolean[],
      ${col((r) => r.cacheWrite5mTokens ?? 0)}::bigint[],
      ${col((r) => r.cacheWrite1hTokens ?? 0)}::bigint[],
      ${col((r) => r.webSearchRequests ?? 0)}::integer[],
      ${col((r) => r.contextWindow ?? null)}::text[],
      ${col((r) => r.inferenceGeo ?? null)}::text[],
      ${col((r) => r.endpoint ?? "completions")}::text[],
      ${col((r) => r.inputAudioTokens ?? null)}::bigint[],
      ${col((r) => r.inputCachedAudioTokens ?? null)}::bigint[],
      ${col((r) => r.outputAudioTokens ?? null)}::bigint[],
      ${col((r) => r.inputImageTokens ?? null)}::bigint[],
      ${col((r) => r.inputCachedImageTokens ?? null)}::bigint[],
      ${col((r) => r.outputImageTokens ?? null)}::bigint[],
      ${col((r) => r.images ?? null)}::bigint[],
      ${col((r) => r.characters ?? null)}::bigint[],
      ${col((r) => ((r.audioSeconds ?? null) === null ? null : String(r.audioSeconds)))}::numeric[],
      ${col((r) => r.usageBytes ?? null)}::bigint[],
      ${col((r) => r.sessions ?? null)}::bigint[],
      ${col((r) => r.toolCalls ?? null)}::bigint[],
      ${col((r) => r.imageSize ?? null)}::text[],
      ${col((r) => r.imageSource ?? null)}::text[],
      ${col((r) => r.contextLevel ?? null)}::text[],
      ${col((r) => r.vectorStoreId ?? null)}::text[],
      ${sql.param(costs)}::numeric[]
    ) as t(provider, source, model, window_start, window_end, input_tokens, output_tokens,
           cached_input_tokens, requests, project_id, api_key_id, provider_user_id, service_tier, batch,
           cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, context_window, inference_geo,
           ${sql.raw(DETAIL_COLUMNS)}, cost_usd)`;
}

/** `insert into usage_events (...) select ... from (<input rows>) t`, shared by both write paths. */
function insertFromInput(target: PersistTarget, batch: PricedBatch): SQL {
  return sql`insert into usage_events (org_id, account_id, provider, source, model, window_start, window_end,
      input_tokens, output_tokens, cached_input_tokens, requests, project_id, api_key_id,
      provider_user_id, service_tier, batch, cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests,
      context_window, inference_geo, ${sql.raw(DETAIL_COLUMNS)}, simulated, cost_usd)
    select ${target.orgId}::uuid, ${target.accountId}::uuid, t.provider, t.source, t.model, t.window_start,
      t.window_end, t.input_tokens, t.output_tokens, t.cached_input_tokens, t.requests, t.project_id,
      t.api_key_id, t.provider_user_id, t.service_tier, t.batch, t.cache_write_5m_tokens, t.cache_write_1h_tokens,
      t.web_search_requests, t.context_window, t.inference_geo,
      ${sql.raw(DETAIL_NAMES.map((c) => `t.${c}`).join(", "))}, ${target.simulated}, t.cost_usd
    from (${inputRows(batch)}) t`;
}

const CHANGED = sql`(usage_events.input_tokens, usage_events.output_tokens, usage_events.cached_input_tokens,
    usage_events.requests, usage_events.cache_write_5m_tokens, usage_events.cache_write_1h_tokens,
    usage_events.web_search_requests, usage_events.source, usage_events.simulated, usage_events.cost_usd, ${counters("usage_events")})
  is distinct from (excluded.input_tokens, excluded.output_tokens, excluded.cached_input_tokens,
    excluded.requests, excluded.cache_write_5m_tokens, excluded.cache_write_1h_tokens,
    excluded.web_search_requests, excluded.source, excluded.simulated, excluded.cost_usd, ${counters("excluded")})`;

async function upsertWithIndex(db: Db, target: PersistTarget, records: PricedBatch) {
  const result = await db.execute(sql`
    with upserted as (
      ${insertFromInput(target, records)}
      on conflict (account_id, model, window_start, window_end, project_id, api_key_id, provider_user_id, service_tier,
        batch, context_window, inference_geo, endpoint, image_size, image_source, context_level, vector_store_id)
      do update set input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
        cached_input_tokens = excluded.cached_input_tokens, requests = excluded.requests,
        cache_write_5m_tokens = excluded.cache_write_5m_tokens, cache_write_1h_tokens = excluded.cache_write_1h_tokens,
        web_search_requests = excluded.web_search_requests, cost_usd = excluded.cost_usd, ${assignCounters("excluded")},
        source = excluded.source, simulated = excluded.simulated, updated_at = now()
      where ${CHANGED}
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from upserted`);
  const [row] = rowsOf<{ inserted: number; updated: number }>(result);
  return { inserted: Number(row?.inserted ?? 0), updated: Number(row?.updated ?? 0) };
}

/**
 * Without the unique index there is nothing for ON CONFLICT to infer, so the same effect is had
 * by hand: update matching rows, insert the rest, under a per-account advisory lock so two writers
 * cannot both insert the same bucket.
 */
async function upsertManually(db: Db, target: PersistTarget, records: PricedBatch) {
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

export async function upsertUsageBuckets(
  db: Db,
  target: PersistTarget,
  records: UsageRow[],
  opts: { forceManual?: boolean } = {},
): Promise<PersistResult> {
  const rows = coalesceRecords(records);
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, manualDedupe: false };
  const batch = { records: rows, costs: await priceUsageRows(db, target.orgId, rows) };
  await markNewAccountPriced(db, target.orgId, target.accountId);
  let counts: { inserted: number; updated: number };
  let manualDedupe = false;
  if (opts.forceManual) {
    counts = await upsertManually(db, target, batch);
    manualDedupe = true;
  } else {
    try {
      counts = await upsertWithIndex(db, target, batch);
    } catch (e) {
      if (!MISSING_INDEX_CODES.has(pgErrorCode(e) ?? "")) throw e;
      counts = await upsertManually(db, target, batch);
      manualDedupe = true;
    }
  }
  return { ...counts, unchanged: rows.length - counts.inserted - counts.updated, manualDedupe };
}
