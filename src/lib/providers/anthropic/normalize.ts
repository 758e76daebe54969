import { centsToDollars } from "@/lib/money/decimal";
import { ProviderError, type NormalizedCostRecord, type ProviderUsageRecord } from "@/lib/providers/types";
import type { CostResult, ReportBucket, UsageResult } from "./schemas";

/**
 * One usage report result as a usage row. `inputTokens` means ALL input, as for OpenAI: uncached +
 * cache reads + both cache writes; `cachedInputTokens` = cache reads. The report counts no
 * requests, so `requests` is null rather than an invented number.
 */
export function normalizeUsageResult(bucket: ReportBucket, r: UsageResult): ProviderUsageRecord {
  const cacheWrite5m = r.cache_creation?.ephemeral_5m_input_tokens ?? 0;
  const cacheWrite1h = r.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  return {
    provider: "anthropic",
    source: "messages",
    model: r.model || "unknown",
    windowStart: new Date(bucket.starting_at),
    windowEnd: new Date(bucket.ending_at),
    inputTokens: r.uncached_input_tokens + r.cache_read_input_tokens + cacheWrite5m + cacheWrite1h,
    outputTokens: r.output_tokens,
    cachedInputTokens: r.cache_read_input_tokens,
    requests: null,
    projectId: r.workspace_id,
    apiKeyId: r.api_key_id,
    providerUserId: null,
    serviceTier: r.service_tier,
    batch: r.service_tier === null ? null : r.service_tier === "batch",
    uncachedInputTokens: r.uncached_input_tokens,
    cacheWrite5mTokens: cacheWrite5m,
    cacheWrite1hTokens: cacheWrite1h,
    webSearchRequests: r.server_tool_use?.web_search_requests ?? 0,
    contextWindow: r.context_window,
    inferenceGeo: r.inference_geo,
  };
}

/** One cost report result; its amount is a decimal string in CENTS, stored as exact dollars. */
export function normalizeCostResult(bucket: ReportBucket, r: CostResult): NormalizedCostRecord {
  const currency = (r.currency ?? "USD").toUpperCase();
  if (currency !== "USD") {
    throw new ProviderError(
      "MALFORMED_RESPONSE",
      `Anthropic reported a cost in ${currency.slice(0, 10)}; CogniTrack stores Anthropic costs in USD only.`,
    );
  }
  const amountUsd = centsToDollars(typeof r.amount === "number" ? String(r.amount) : r.amount.trim());
  if (amountUsd === null) {
    throw new ProviderError(
      "MALFORMED_RESPONSE",
      `Anthropic returned a cost amount that is not a decimal number ("${String(r.amount).slice(0, 30)}").`,
    );
  }
  const windowStart = new Date(bucket.starting_at);
  return {
    provider: "anthropic",
    source: "cost_report",
    day: windowStart.toISOString().slice(0, 10),
    windowStart,
    windowEnd: new Date(bucket.ending_at),
    amountUsd,
    currency,
    projectId: r.workspace_id,
    lineItem: r.description,
    apiKeyId: null,
    model: r.model,
    costType: r.cost_type,
    tokenType: r.token_type,
    serviceTier: r.service_tier,
    contextWindow: r.context_window,
    inferenceGeo: r.inference_geo,
  };
}

export function normalizeBuckets<R, T>(
  buckets: readonly (ReportBucket & { results: readonly R[] })[],
  toRecord: (bucket: ReportBucket, r: R) => T,
): T[] {
  return buckets.flatMap((bucket) => bucket.results.map((r) => toRecord(bucket, r)));
}
