import type { NormalizedUsageRecord } from "@/lib/providers/types";
import type { CompletionsResult, EmbeddingsResult, UsageBucket } from "./schemas";

const fromUnix = (seconds: number) => new Date(seconds * 1000);

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
  };
}

export function normalizeBuckets<R>(
  buckets: readonly (UsageBucket & { results: readonly R[] })[],
  toRecord: (bucket: UsageBucket, r: R) => NormalizedUsageRecord,
): NormalizedUsageRecord[] {
  return buckets.flatMap((bucket) => bucket.results.map((r) => toRecord(bucket, r)));
}
