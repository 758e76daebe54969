/**
 * Rows of the usage endpoints that are not completions or embeddings. Each keeps its own unit
 * (images, characters, seconds, bytes, sessions, tool calls) in its own column; token columns are 0
 * except moderations, whose input tokens are real input like embeddings'. `requests` is null where
 * OpenAI reports no request count, and for web search calls, whose model requests are the same
 * requests completions already counts.
 */
import type { ProviderUsageRecord, UsageEndpoint } from "@/lib/providers/types";
import { fromUnix } from "./normalize";
import type { UsageBucket } from "./schemas";
import type {
  AudioSpeechesResult,
  AudioTranscriptionsResult,
  CodeInterpreterSessionsResult,
  FileSearchCallsResult,
  ImagesResult,
  ModerationsResult,
  VectorStoresResult,
  WebSearchCallsResult,
} from "./usage-schemas";

interface Who {
  project_id: string | null;
  user_id?: string | null;
  api_key_id?: string | null;
}

function base(
  bucket: UsageBucket,
  endpoint: UsageEndpoint,
  model: string,
  r: Who,
  requests: number | null,
): ProviderUsageRecord {
  return {
    provider: "openai",
    source: endpoint,
    endpoint,
    model,
    windowStart: fromUnix(bucket.start_time),
    windowEnd: fromUnix(bucket.end_time),
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    requests,
    projectId: r.project_id,
    apiKeyId: r.api_key_id ?? null,
    providerUserId: r.user_id ?? null,
    serviceTier: null,
    batch: null,
  };
}

export function normalizeModerationsResult(bucket: UsageBucket, r: ModerationsResult): ProviderUsageRecord {
  return { ...base(bucket, "moderations", r.model || "unknown", r, r.num_model_requests), inputTokens: r.input_tokens };
}

export function normalizeImagesResult(bucket: UsageBucket, r: ImagesResult): ProviderUsageRecord {
  return {
    ...base(bucket, "images", r.model || "unknown", r, r.num_model_requests),
    images: r.images,
    imageSize: r.size,
    imageSource: r.source,
  };
}

export function normalizeAudioSpeechesResult(bucket: UsageBucket, r: AudioSpeechesResult): ProviderUsageRecord {
  return { ...base(bucket, "audio_speeches", r.model || "unknown", r, r.num_model_requests), characters: r.characters };
}

export function normalizeAudioTranscriptionsResult(
  bucket: UsageBucket,
  r: AudioTranscriptionsResult,
): ProviderUsageRecord {
  return {
    ...base(bucket, "audio_transcriptions", r.model || "unknown", r, r.num_model_requests),
    audioSeconds: r.seconds,
  };
}

// Vector storage, code interpreter and file search name no model: the endpoint stands in for it.
export function normalizeVectorStoresResult(bucket: UsageBucket, r: VectorStoresResult): ProviderUsageRecord {
  return { ...base(bucket, "vector_stores", "vector_stores", r, null), usageBytes: r.usage_bytes };
}

export function normalizeCodeInterpreterSessionsResult(
  bucket: UsageBucket,
  r: CodeInterpreterSessionsResult,
): ProviderUsageRecord {
  return {
    ...base(bucket, "code_interpreter_sessions", "code_interpreter_sessions", r, null),
    sessions: r.num_sessions,
  };
}

export function normalizeWebSearchCallsResult(bucket: UsageBucket, r: WebSearchCallsResult): ProviderUsageRecord {
  return {
    ...base(bucket, "web_search_calls", r.model || "unknown", r, null),
    toolCalls: r.num_requests,
    contextLevel: r.context_level,
  };
}

export function normalizeFileSearchCallsResult(bucket: UsageBucket, r: FileSearchCallsResult): ProviderUsageRecord {
  return {
    ...base(bucket, "file_search_calls", "file_search_calls", r, null),
    toolCalls: r.num_requests,
    vectorStoreId: r.vector_store_id,
  };
}
