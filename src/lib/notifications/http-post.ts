/**
 * One POST to a webhook receiver, to the address url-safety checked: the request's `lookup`
 * answers with that address, so the connection cannot land anywhere a second DNS answer points
 * to, while TLS still verifies the certificate against the URL's host name. Redirects are
 * answered as failures, never followed. Every outcome becomes plain words, never an exception.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isAppError } from "@/lib/errors";
import { resolveWebhookTarget, type Lookup, type UrlPolicy } from "./url-safety";

export const SEND_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 16 * 1024;

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  /** Plain words for the delivery log and the "Send test" answer. */
  outcome: string;
  /** false when trying again cannot help (the URL itself is refused). */
  retryable: boolean;
}

export interface PostOptions {
  policy: UrlPolicy;
  timeoutMs?: number;
  /** For tests: resolve names without DNS. */
  lookup?: Lookup;
}

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

export function describeStatus(status: number): string {
  if (status >= 200 && status < 300) return `Delivered: the receiver answered ${status}`;
  if (status >= 300 && status < 400)
    return `The receiver answered with a redirect (${status}); redirects are not followed`;
  return `The receiver answered ${status}`;
}

function networkOutcome(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: string })?.code;
  if (code === "TIMEOUT") return `No answer within ${timeoutMs / 1000} s`;
  if (code === "ECONNREFUSED") return "The receiver refused the connection";
  if (code === "ECONNRESET") return "The receiver closed the connection";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return "The receiver's network is unreachable";
  if (typeof code === "string" && (code.startsWith("ERR_TLS") || code.includes("CERT")))
    return "The receiver's TLS certificate could not be verified";
  return "The request could not be sent";
}

export async function postJson(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<SendOutcome> {
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  let target;
  try {
    target = await resolveWebhookTarget(rawUrl, options.policy, options.lookup);
  } catch (e) {
    const message = isAppError(e) ? e.message : "The URL could not be checked";
    // A name that does not resolve today may resolve tomorrow; a refused URL will not change.
    const retryable = isAppError(e) && e.message.startsWith("The name ");
    return { ok: false, statusCode: null, outcome: message, retryable };
  }
  const { url, address, family } = target;
  const client = url.protocol === "https:" ? https : http;
  return new Promise<SendOutcome>((resolve) => {
    const req = client.request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "CogniTrack-Webhooks/1",
          ...headers,
        },
        lookup: pinnedLookup(address, family),
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        let seen = 0;
        res.on("data", (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          resolve({ ok, statusCode: status, outcome: describeStatus(status), retryable: !ok });
        };
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    // The socket timeout catches silence; the timer bounds the whole exchange (a slow trickle too).
    const timeout = () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" }));
    req.on("timeout", timeout);
    const timer = setTimeout(timeout, timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (error) =>
      resolve({ ok: false, statusCode: null, outcome: networkOutcome(error, timeoutMs), retryable: true }),
    );
    req.end(body);
  });
}
