import Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { countedFetch } from "@/lib/metrics/provider-requests";
import { getCredentialBucket } from "@/lib/rate-limit/policies";
import { fetchWithRetry, type RetryOptions } from "@/lib/rate-limit/retry";
import { buildUrl, normalizeBaseUrl, readJsonBody, usableApiKey, type Query } from "@/lib/http-client/request-parts";
import { ProviderError, type RequestObserver } from "@/lib/providers/types";
import { anthropicErrorMessage } from "./schemas";

/** The Admin API version the usage and cost reports are documented for. */
export const ANTHROPIC_VERSION = "2023-06-01";
// The SDK's own timeout would abort our retries mid-way; ours (per attempt) is the one that counts.
const SDK_TIMEOUT_MS = 6 * 3600_000;

export { buildUrl, type Query, type QueryValue } from "@/lib/http-client/request-parts";

export interface AnthropicClientOptions {
  /** An Admin key, `sk-ant-admin...`. */
  apiKey: string;
  /** e.g. https://api.anthropic.com or the emulator's origin; paths start with /v1. */
  baseUrl: string;
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

export interface AnthropicClient {
  readonly baseUrl: string;
  /** GET `${baseUrl}${path}`; resolves with the parsed JSON body or throws ProviderError. */
  getJson(path: string, query?: Query, init?: { signal?: AbortSignal }): Promise<unknown>;
  /**
   * Runs `call`, which lists Admin API objects with the official SDK, on our paced fetch (the SDK's
   * own retries off, so there is one retry policy). Every response must be a list envelope
   * `{ data: [...] }`: the SDK would read anything else as an empty page. A failure comes back as
   * our ProviderError, not the SDK's wrapper.
   */
  listWithSdk<T>(call: (sdk: Anthropic) => Promise<T>): Promise<T>;
}

/** The key lives only in this closure, so logging or serialising the client cannot reveal it. */
export function createAnthropicClient(opts: AnthropicClientOptions): AnthropicClient {
  const apiKey = usableApiKey(opts.apiKey, "Anthropic");
  const baseUrl = normalizeBaseUrl(opts.baseUrl, "Anthropic");
  const bucket = getCredentialBucket(opts.credentialId, { name: `anthropic:${opts.credentialId}`, ...opts.pacing });
  const retryOptions: RetryOptions = {
    ...opts.retry,
    bucket,
    observer: opts.observer,
    fetch: countedFetch("anthropic", opts.fetch),
    providerName: "Anthropic",
    errorMessageFrom: anthropicErrorMessage,
  };
  const headers = { "x-api-key": apiKey, "anthropic-version": ANTHROPIC_VERSION, accept: "application/json" };

  return {
    baseUrl,
    async getJson(path, query = {}, init = {}) {
      const res = await fetchWithRetry(
        buildUrl(baseUrl, path, query),
        { method: "GET", headers, signal: init.signal },
        retryOptions,
      );
      return readJsonBody(res, "Anthropic", path);
    },
    async listWithSdk(call) {
      let failure: ProviderError | undefined;
      const pacedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
        const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
        // This SDK sends its apiKey as a Bearer token; the Admin API wants x-api-key and our version.
        const sdkHeaders = new Headers(init?.headers);
        sdkHeaders.delete("authorization");
        for (const [name, value] of Object.entries(headers)) sdkHeaders.set(name, value);
        try {
          if (new URL(url).origin !== new URL(baseUrl).origin) {
            throw new ProviderError(
              "BAD_REQUEST",
              "The Anthropic SDK asked for a URL outside the configured base URL.",
            );
          }
          const res = await fetchWithRetry(url, { ...init, headers: sdkHeaders }, retryOptions);
          return checkedListResponse(res, await res.text(), url);
        } catch (e) {
          if (e instanceof ProviderError) failure = e;
          throw e;
        }
      };
      const sdk = new Anthropic({
        // Given so the SDK never looks for credentials in the environment or profile files.
        apiKey,
        baseURL: baseUrl,
        maxRetries: 0,
        timeout: SDK_TIMEOUT_MS,
        fetch: pacedFetch,
        defaultHeaders: { authorization: null, "anthropic-version": ANTHROPIC_VERSION },
        logLevel: "off",
        webhookKey: null,
        openTelemetry: false,
      });
      try {
        return await call(sdk);
      } catch (e) {
        // Anything else (an aborted call, a bug) is passed on as the SDK threw it.
        throw failure ?? e;
      }
    },
  };
}

const listEnvelope = z.looseObject({ data: z.array(z.unknown()) });

/** The body as the SDK will read it, once we know it is a JSON list envelope. */
function checkedListResponse(res: Response, text: string, url: string): Response {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!listEnvelope.safeParse(body).success) {
    throw new ProviderError(
      "MALFORMED_RESPONSE",
      `Anthropic returned ${new URL(url).pathname} in an unexpected shape: not a JSON list with a data array.`,
      res.status,
    );
  }
  return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
}
