import { countedFetch } from "@/lib/metrics/provider-requests";
import { getCredentialBucket } from "@/lib/rate-limit/policies";
import { fetchWithRetry, type RetryOptions } from "@/lib/rate-limit/retry";
import { parseJsonKeepingNumbers } from "@/lib/http-client/lossless-json";
import { buildUrl, normalizeBaseUrl, readJsonBody, usableApiKey, type Query } from "@/lib/http-client/request-parts";
import { ProviderError } from "@/lib/http-client/errors";
import type { RequestObserver } from "@/lib/providers/types";
import { openAIErrorMessage } from "./schemas";

export { buildUrl, type Query, type QueryValue } from "@/lib/http-client/request-parts";

export interface OpenAIClientOptions {
  apiKey: string;
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:4010/v1 */
  baseUrl: string;
  organizationId?: string;
  projectId?: string;
  /** Stable id of the stored credential; keys the shared rate-limit bucket. Never the key itself. */
  credentialId: string;
  pacing: { requestsPerMinute: number; burst: number };
  retry?: Pick<
    RetryOptions,
    "maxAttempts" | "timeoutMs" | "baseDelayMs" | "maxDelayMs" | "maxRetryAfterMs" | "sleep" | "random" | "now"
  >;
  observer?: RequestObserver;
  fetch?: typeof fetch;
}

export interface OpenAIClient {
  readonly baseUrl: string;
  /** GET `${baseUrl}${path}`; resolves with the parsed JSON body or throws ProviderError. */
  getJson(path: string, query?: Query, init?: { signal?: AbortSignal }): Promise<unknown>;
  /** Same request, but every JSON number comes back as its source text (JsonNumberText): for money. */
  getJsonKeepingNumbers(path: string, query?: Query, init?: { signal?: AbortSignal }): Promise<unknown>;
}

/** The key lives only in this closure, so logging or serialising the client cannot reveal it. */
export function createOpenAIClient(opts: OpenAIClientOptions): OpenAIClient {
  const apiKey = usableApiKey(opts.apiKey, "OpenAI");
  const baseUrl = normalizeBaseUrl(opts.baseUrl, "OpenAI");
  const bucket = getCredentialBucket(opts.credentialId, { name: `openai:${opts.credentialId}`, ...opts.pacing });

  const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, Accept: "application/json" };
  if (opts.organizationId) headers["OpenAI-Organization"] = opts.organizationId;
  if (opts.projectId) headers["OpenAI-Project"] = opts.projectId;

  const get = (path: string, query: Query, init: { signal?: AbortSignal }) =>
    fetchWithRetry(
      buildUrl(baseUrl, path, query),
      { method: "GET", headers, signal: init.signal },
      {
        ...opts.retry,
        bucket,
        observer: opts.observer,
        fetch: countedFetch("openai", opts.fetch),
        providerName: "OpenAI",
        errorMessageFrom: openAIErrorMessage,
      },
    );

  return {
    baseUrl,
    async getJson(path, query = {}, init = {}) {
      return readJsonBody(await get(path, query, init), "OpenAI", path);
    },
    async getJsonKeepingNumbers(path, query = {}, init = {}) {
      const res = await get(path, query, init);
      const text = await res.text();
      try {
        return parseJsonKeepingNumbers(text);
      } catch {
        throw new ProviderError(
          "MALFORMED_RESPONSE",
          `OpenAI returned a response that is not JSON for ${path}.`,
          res.status,
        );
      }
    },
  };
}
