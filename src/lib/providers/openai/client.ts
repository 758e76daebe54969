import { getCredentialBucket } from "@/lib/rate-limit/policies";
import { fetchWithRetry, type RetryOptions } from "@/lib/rate-limit/retry";
import { ProviderError, type RequestObserver } from "@/lib/providers/types";
import { openAIErrorMessage } from "./schemas";

export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type Query = Record<string, QueryValue>;

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
}

/** The key lives only in this closure, so logging or serialising the client cannot reveal it. */
export function createOpenAIClient(opts: OpenAIClientOptions): OpenAIClient {
  const apiKey = opts.apiKey.trim();
  // A key with spaces or line breaks would make fetch throw an error quoting the header value.

  if (!apiKey || /[\s\u0000-\u001f\u007f]/.test(apiKey)) {
    throw new ProviderError(
      "AUTH_FAILED",
      "The OpenAI key is empty or contains spaces or line breaks; paste it again.",
    );
  }
  const baseUrl = normalizeBaseUrl(opts.baseUrl);
  const bucket = getCredentialBucket(opts.credentialId, { name: `openai:${opts.credentialId}`, ...opts.pacing });

  const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, Accept: "application/json" };
  if (opts.organizationId) headers["OpenAI-Organization"] = opts.organizationId;
  if (opts.projectId) headers["OpenAI-Project"] = opts.projectId;

  return {
    baseUrl,
    async getJson(path, query = {}, init = {}) {
      const url = buildUrl(baseUrl, path, query);
      const res = await fetchWithRetry(
        url,
        { method: "GET", headers, signal: init.signal },
        {
          ...opts.retry,
          bucket,
          observer: opts.observer,
          fetch: opts.fetch,
          providerName: "OpenAI",
          errorMessageFrom: openAIErrorMessage,
        },
      );
      const text = await res.text();
      try {
        return JSON.parse(text) as unknown;
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

function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProviderError("BAD_REQUEST", "The OpenAI base URL is not a valid URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ProviderError("BAD_REQUEST", "The OpenAI base URL must start with https:// or http://.");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ProviderError("BAD_REQUEST", "The OpenAI base URL must not contain credentials, a query or a fragment.");
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/** Arrays become repeated keys (`group_by=a&group_by=b`), which OpenAI accepts. */
export function buildUrl(baseUrl: string, path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return `${baseUrl}${path.startsWith("/") ? path : "/" + path}${qs ? "?" + qs : ""}`;
}
