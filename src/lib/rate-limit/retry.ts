import { redactString } from "@/lib/logger";
import { ProviderError, type ProviderIssueCode, type RequestObserver } from "@/lib/http-client/errors";
import { realSleep, type TokenBucket } from "./token-bucket";

export interface RetryOptions {
  bucket?: TokenBucket;
  maxAttempts?: number;
  timeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this ends the call instead of sleeping through it. */
  maxRetryAfterMs?: number;
  observer?: RequestObserver;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Used in error messages, e.g. "OpenAI". */
  providerName?: string;
  /** Pulls the provider's own error message out of a parsed error body. */
  errorMessageFrom?: (body: unknown) => string | undefined;
}

type Failure = { code: ProviderIssueCode; status?: number; reason: string; detail: string; retryAfterMs?: number };

/**
 * fetch with pacing, per-attempt timeout and retries. Resolves with a 2xx Response whose body is
 * already buffered (the timeout covers reading it); anything else ends in a ProviderError.
 */
export async function fetchWithRetry(url: string, init: RequestInit = {}, opts: RetryOptions = {}): Promise<Response> {
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const baseDelayMs = opts.baseDelayMs ?? 500;
  const maxDelayMs = opts.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 120_000;
  const doFetch = opts.fetch ?? globalThis.fetch;
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const name = opts.providerName ?? "The provider";
  const secrets = secretsIn(init.headers);
  const clean = (s: string) => scrub(s, secrets);
  const where = describeUrl(url);

  let last: Failure | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (opts.bucket) await opts.bucket.take();
    init.signal?.throwIfAborted();
    opts.observer?.onRequest?.({ url, attempt });

    const outcome = await attemptOnce(doFetch, url, init, timeoutMs);
    if (outcome.kind === "ok") return outcome.response;
    if (outcome.kind === "aborted") throw outcome.error;

    if (outcome.kind === "http") {
      const { status, statusText, headers, bodyText } = outcome;
      const said = providerSaid(name, bodyText, opts.errorMessageFrom, clean);
      if (status === 401) {
        throw new ProviderError(
          "AUTH_FAILED",
          `${name} rejected the key (401): check that it is correct and still active.${said}`,
          status,
        );
      }
      if (status === 403) {
        throw new ProviderError(
          "PERMISSION_DENIED",
          `${name} refused access (403): the key lacks permission for this data; usage endpoints need an admin key.${said}`,
          status,
        );
      }
      // 529 is Anthropic's "overloaded": retried like a 503, honouring Retry-After when sent.
      if (status === 429 || status === 503 || status === 529) {
        const retryAfterMs = parseRetryAfter(headers, now());
        const code = status === 429 ? "RATE_LIMITED" : "UPSTREAM_ERROR";
        if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
          const verb =
            status === 429 ? "is rate-limiting requests" : status === 529 ? "is overloaded" : "is unavailable";
          throw new ProviderError(
            code,
            `${name} ${verb} (${status}) and asked to wait ${Math.ceil(retryAfterMs / 1000)} s, longer than the ${Math.round(maxRetryAfterMs / 1000)} s allowed; try again later.${said}`,
            status,
          );
        }
        last = { code, status, reason: `HTTP ${status}`, detail: said, retryAfterMs };
      } else if (status >= 500) {
        last = { code: "UPSTREAM_ERROR", status, reason: `HTTP ${status}`, detail: said };
      } else {
        throw new ProviderError(
          "BAD_REQUEST",
          `${name} rejected the request to ${where} (${status}${statusText ? " " + statusText : ""}).${said}`,
          status,
        );
      }
    } else if (outcome.kind === "timeout") {
      last = { code: "TIMEOUT", reason: "timeout", detail: "" };
    } else {
      last = { code: "NETWORK_ERROR", reason: "network error", detail: clean(outcome.detail) };
    }

    if (attempt === maxAttempts) break;
    const backoff = Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    const delayMs = last.retryAfterMs ?? backoff;
    opts.observer?.onRetry?.({ url, attempt, delayMs, reason: last.reason });
    await sleep(delayMs);
  }

  throw finalError(last!, name, where, maxAttempts, timeoutMs);
}

function finalError(f: Failure, name: string, where: string, attempts: number, timeoutMs: number): ProviderError {
  const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
  switch (f.code) {
    case "RATE_LIMITED":
      return new ProviderError(
        f.code,
        `${name} kept rate-limiting requests (429) after ${tries}; try again later.${f.detail}`,
        f.status,
      );
    case "TIMEOUT":
      return new ProviderError(
        f.code,
        `${name} did not answer within ${Math.round(timeoutMs / 1000)} s (${tries}) for ${where}.`,
      );
    case "NETWORK_ERROR":
      return new ProviderError(f.code, `Could not reach ${name} at ${where} (${tries}): ${f.detail}`);
    default:
      return new ProviderError(
        "UPSTREAM_ERROR",
        f.status === 529
          ? `${name} stayed overloaded (529) after ${tries}; try again later.${f.detail}`
          : `${name} had a server error (${f.status ?? "unknown"}) after ${tries}; try again later.${f.detail}`,
        f.status,
      );
  }
}

type Outcome =
  | { kind: "ok"; response: Response }
  | { kind: "http"; status: number; statusText: string; headers: Headers; bodyText: string }
  | { kind: "timeout" }
  | { kind: "network"; detail: string }
  | { kind: "aborted"; error: unknown };

async function attemptOnce(doFetch: typeof fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Outcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
  try {
    // redirect: "manual" so a redirect can never carry the Authorization header somewhere else.
    const res = await doFetch(url, { redirect: "manual", ...init, signal });
    const bodyText = await res.text();
    if (res.ok) {
      const nullBody = res.status === 204 || res.status === 205;
      return {
        kind: "ok",
        response: new Response(nullBody ? null : bodyText, {
          status: res.status,
          statusText: res.statusText,
          headers: res.headers,
        }),
      };
    }
    return { kind: "http", status: res.status, statusText: res.statusText, headers: res.headers, bodyText };
  } catch (error) {
    if (init.signal?.aborted) return { kind: "aborted", error };
    if (timedOut) return { kind: "timeout" };
    return { kind: "network", detail: networkDetail(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Retry-After as seconds or HTTP-date; OpenAI also sends retry-after-ms. */
export function parseRetryAfter(headers: Headers, nowMs: number): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function providerSaid(
  name: string,
  bodyText: string,
  extract: ((body: unknown) => string | undefined) | undefined,
  clean: (s: string) => string,
): string {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return "";
  }
  const message = (extract ?? genericErrorMessage)(body);
  if (!message) return "";
  const text = clean(message).replace(/\s+/g, " ").trim();
  return text ? ` ${name} said: "${text.length > 300 ? text.slice(0, 300) + "…" : text}"` : "";
}

/** `{ error: { message } }` covers both OpenAI and Anthropic error bodies. */
function genericErrorMessage(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === "string" ? error.message : undefined;
}

function networkDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : "unknown network error";
}

/** Secret header values, so a provider that echoes the key back cannot leak it into our messages. */
function secretsIn(headers: HeadersInit | undefined): string[] {
  if (!headers) return [];
  const h = new Headers(headers);
  const out: string[] = [];
  const auth = h.get("authorization");
  if (auth) out.push(auth, auth.replace(/^\S+\s+/, ""));
  const apiKey = h.get("x-api-key");
  if (apiKey) out.push(apiKey);
  return out.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("[redacted-key]");
  return redactString(out);
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return "the configured URL";
  }
}
