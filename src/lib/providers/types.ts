// ProviderError and friends live below rate-limit/ (the paced fetch raises them); re-exported here
// so every importer of "@/lib/providers/types" keeps working.
export { ProviderError } from "@/lib/http-client/errors";
export type { ProviderIssueCode, RequestObserver } from "@/lib/http-client/errors";

export const PROVIDER_IDS = ["openai", "anthropic"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** What a usage row measures: OpenAI's usage endpoints (Anthropic messages count as completions). */
export const USAGE_ENDPOINTS = [
  "completions",
  "embeddings",
  "moderations",
  "images",
  "audio_speeches",
  "audio_transcriptions",
  "vector_stores",
  "code_interpreter_sessions",
  "web_search_calls",
  "file_search_calls",
] as const;
export type UsageEndpoint = (typeof USAGE_ENDPOINTS)[number];

/** The columns every usage row has, whatever the provider. */
interface UsageRecordFields {
  provider: ProviderId;
  /** Which provider endpoint the row came from: "completions", "embeddings", "legacy", "messages", ... */
  source: string;
  model: string;
  windowStart: Date;
  windowEnd: Date;
  /** ALL input tokens, for every provider: uncached + cache reads + cache writes. */
  inputTokens: number;
  outputTokens: number;
  /** Cache reads (already counted in inputTokens). */
  cachedInputTokens: number;
  /** OpenAI project or Anthropic workspace; null = none reported (Anthropic: the default workspace). */
  projectId: string | null;
  apiKeyId: string | null;
  providerUserId: string | null;
  serviceTier: string | null;
  batch: boolean | null;
  // Optional so that rows built before these existed (OpenAI, simulated, fixtures) still type-check.
  /** Input tokens neither read from nor written to the cache. */
  uncachedInputTokens?: number;
  /** Cache writes with a 5-minute lifetime (counted in inputTokens). */
  cacheWrite5mTokens?: number;
  /** Cache writes with a 1-hour lifetime (counted in inputTokens). */
  cacheWrite1hTokens?: number;
  webSearchRequests?: number;
  /** Anthropic group keys: "0-200k" | "200k-1M" ..., "global" | "us" ...; both split rows. */
  contextWindow?: string | null;
  inferenceGeo?: string | null;
  /**
   * The usage endpoint (a USAGE_ENDPOINTS value); omitted = "completions". Part of the dedupe key.
   * `inputTokens` keeps meaning total input whatever the endpoint (moderations and embeddings too).
   */
  endpoint?: UsageEndpoint;
  /** Token details by modality, already counted in input/output tokens; null/omitted = not reported. */
  inputAudioTokens?: number | null;
  inputCachedAudioTokens?: number | null;
  outputAudioTokens?: number | null;
  inputImageTokens?: number | null;
  inputCachedImageTokens?: number | null;
  outputImageTokens?: number | null;
  /** Units of the non-token endpoints; null/omitted = not reported by this endpoint. */
  images?: number | null;
  characters?: number | null;
  /** Whole seconds as OpenAI reports them; stored as numeric. */
  audioSeconds?: number | null;
  usageBytes?: number | null;
  sessions?: number | null;
  /** Web search / file search calls (num_requests). */
  toolCalls?: number | null;
  /** Group keys of the image, web search and file search endpoints. */
  imageSize?: string | null;
  imageSource?: string | null;
  contextLevel?: string | null;
  vectorStoreId?: string | null;
}

/**
 * One usage row as persistence stores it today: every row carries a request count. Provider
 * adapters yield ProviderUsageRecord, which may not (see below).
 */
export interface NormalizedUsageRecord extends UsageRecordFields {
  requests: number;
}

/**
 * What a provider adapter yields: one row per usage bucket and group. `requests` is null when the
 * provider reports no request count (Anthropic's usage report has none; we never invent one).
 */
export interface ProviderUsageRecord extends UsageRecordFields {
  requests: number | null;
}

/** One billed-cost row: provider-reported money, never computed here. */
export interface NormalizedCostRecord {
  provider: ProviderId;
  /** Which provider endpoint the row came from, e.g. "cost_report". */
  source: string;
  /** UTC day of the bucket start, YYYY-MM-DD. */
  day: string;
  windowStart: Date;
  windowEnd: Date;
  /** Exact decimal string in US dollars (e.g. "1.234567", "-0.5"); never a float. */
  amountUsd: string;
  /** As the provider wrote it, upper-cased ("USD"). */
  currency: string;
  /** OpenAI project or Anthropic workspace; null = none (Anthropic: the default workspace). */
  projectId: string | null;
  /** The provider's line item, e.g. "Claude Sonnet 4.5 Usage - Input Tokens". */
  lineItem: string | null;
  apiKeyId: string | null;
  model: string | null;
  /** Anthropic: tokens | web_search | code_execution. */
  costType?: string | null;
  /** Anthropic: uncached_input_tokens, output_tokens, cache_read_input_tokens, cache_creation.*. */
  tokenType?: string | null;
  serviceTier?: string | null;
  contextWindow?: string | null;
  inferenceGeo?: string | null;
}

/** A name behind an id that usage rows carry (projects/workspaces, API keys, people). */
export interface CatalogEntry {
  kind: "project" | "api_key" | "user" | "service_account" | "admin_api_key" | "certificate";
  externalId: string;
  name: string;
  details: Record<string, unknown> | null;
  /** The provider's archive time (a project archived at the provider). */
  archivedAt?: Date | null;
  /** When a certificate stops being valid. */
  expiresAt?: Date | null;
}

/**
 * Where a provider's admin listings are written as they are read, a page at a time, so a sync that
 * is cut off resumes from its last cursor instead of starting over.
 */
export interface CatalogSink {
  /** Whether this round already listed `endpoint` to the end, else the cursor to continue from. */
  resume(endpoint: string): Promise<{ done: boolean; after?: string }>;
  /** One page of `endpoint`; `after` is the cursor to continue from, null when the listing is complete. */
  page(endpoint: string, entries: CatalogEntry[], after: string | null): Promise<void>;
}
