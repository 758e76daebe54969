import type { NormalizedUsageRecord, ProviderUsageRecord } from "@/lib/providers/types";
import type { CompletionsResult, EmbeddingsResult, UsageBucket } from "./schemas";

export const fromUnix = (seconds: number) => new Date(seconds * 1000);

export function normalizeCompletionsResult(bucket: UsageBucket, r: CompletionsResult): NormalizedUsageRecord {
  return {
    provider: "openai",
    source: "completions",
    model: r.model || "unknown",
    windowStart: fromUnix(bucket.start_time),
    windowEnd: fromUnix(bucket.end_time),
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    cachedInputTokens: r.input_cached_tokens,
    requests: r.num_model_requests,
    projectId: r.project_id,
    apiKeyId: r.api_key_id,
    providerUserId: r.user_id,
    serviceTier: r.service_tier,
    batch: r.batch,
    endpoint: "completions",
    // OpenAI reports one cache-write count with no lifetime: the ordinary (5-minute column) write price.
    cacheWrite5mTokens: r.input_cache_write_tokens ?? 0,
    inputAudioTokens: r.input_audio_tokens,
    inputCachedAudioTokens: r.input_cached_audio_tokens,
    outputAudioTokens: r.output_audio_tokens,
    inputImageTokens: r.input_image_tokens,
    inputCachedImageTokens: r.input_cached_image_tokens,
    outputImageTokens: r.output_image_tokens,
  };
}

export function normalizeEmbeddingsResult(bucket: UsageBucket, r: EmbeddingsResult): NormalizedUsageRecord {
  return {
    provider: "openai",
    source: "embeddings",
    model: r.model || "unknown",
    windowStart: fromUnix(bucket.start_time),
    windowEnd: fromUnix(bucket.end_time),
    inputTokens: r.input_tokens,
    outputTokens: 0,
    cachedInputTokens: 0,
    requests: r.num_model_requests,
    projectId: r.project_id,
    apiKeyId: r.api_key_id,
    providerUserId: r.user_id,
    serviceTier: null,
    batch: null,
    endpoint: "embeddings",
  };
}

export function normalizeBuckets<R, T extends ProviderUsageRecord = NormalizedUsageRecord>(
  buckets: readonly (UsageBucket & { results: readonly R[] })[],
  toRecord: (bucket: UsageBucket, r: R) => T,
): T[] {
  return buckets.flatMap((bucket) => bucket.results.map((r) => toRecord(bucket, r)));
}
