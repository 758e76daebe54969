/**
 * The SQL both usage write paths share: a page's rows as column arrays through `unnest`, and the
 * insert into usage_events built on them.
 */
import { sql, type SQL } from "drizzle-orm";
import type { ProviderUsageRecord } from "@/lib/providers/types";

type UsageRow = ProviderUsageRecord;

/** Usage belongs to a provider account, whichever of its keys fetched it. */
export interface PersistTarget {
  orgId: string;
  accountId: string;
  simulated: boolean;
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
export const counters = (prefix: string) => sql.raw(DETAIL_COUNTERS.map((c) => `${prefix}.${c}`).join(", "));
export const assignCounters = (from: string) => sql.raw(DETAIL_COUNTERS.map((c) => `${c} = ${from}.${c}`).join(", "));

/** A batch with each row's computed cost (src/lib/pricing), in the same order. */
export interface PricedBatch {
  records: UsageRow[];
  costs: (string | null)[];
}

export function inputRows({ records, costs }: PricedBatch): SQL {
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
export function insertFromInput(target: PersistTarget, batch: PricedBatch): SQL {
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
