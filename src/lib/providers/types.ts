/** What every provider adapter hands to persistence: one row per usage bucket and group. */
export interface NormalizedUsageRecord {
  provider: "openai" | "anthropic";
  /** Which provider endpoint the row came from: "completions", "embeddings", "legacy", ... */
  source: string;
  model: string;
  windowStart: Date;
  windowEnd: Date;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  requests: number;
  projectId: string | null;
  apiKeyId: string | null;
  providerUserId: string | null;
  serviceTier: string | null;
  batch: boolean | null;
}

/**
 * Issue codes a provider call can end a key with. Ingestion telemetry groups issues by these.
 */
export type ProviderIssueCode =
  | "AUTH_FAILED"
  | "PERMISSION_DENIED"
  | "RATE_LIMITED"
  | "UPSTREAM_ERROR"
  | "MALFORMED_RESPONSE"
  | "UNSAFE_NEXT_PAGE"
  | "TIMEOUT"
  | "NETWORK_ERROR"
  | "BAD_REQUEST";

export class ProviderError extends Error {
  constructor(
    readonly code: ProviderIssueCode,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/** Counters the HTTP layer reports back so telemetry can add them up. */
export interface RequestObserver {
  onRequest?(info: { url: string; attempt: number }): void;
  onRetry?(info: { url: string; attempt: number; delayMs: number; reason: string }): void;
}
