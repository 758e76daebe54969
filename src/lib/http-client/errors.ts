/**
 * Errors and counters of calls to a provider's HTTP API. They live below rate-limit/ and
 * providers/ because both use them: the paced fetch raises ProviderError, the adapters add to it,
 * and ingestion groups issues by its codes. providers/types.ts re-exports them.
 */

/** Issue codes a provider call can end a key with. Ingestion telemetry groups issues by these. */
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
