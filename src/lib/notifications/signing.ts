/**
 * Webhook signatures: `X-CogniTrack-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`
 * with `X-CogniTrack-Timestamp: <unix seconds>`. Signing the timestamp with the body lets a
 * receiver refuse replays (an old timestamp) as well as forgeries. docs-site/docs/webhooks.md shows
 * the receiver's side; verifyWebhookSignature below is the same check, used by our tests.
 */
import { createHmac, randomBytes } from "node:crypto";
import { safeEqual } from "@/lib/crypto/compare";

export const TIMESTAMP_HEADER = "X-CogniTrack-Timestamp";
export const SIGNATURE_HEADER = "X-CogniTrack-Signature";
/** A receiver should refuse a timestamp further than this from its own clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `whsec_` + 32 random bytes (base64url). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function signatureHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body) };
}

export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  now: Date = new Date(),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  return safeEqual(signWebhook(secret, timestamp, body), headers.signature);
}
