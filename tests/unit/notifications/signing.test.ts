import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { retryDelayMs, BASE_DELAY_MS, MAX_DELAY_MS } from "@/lib/notifications/outbox/backoff";
import { newSigningSecret, signatureHeaders, signWebhook, verifyWebhookSignature } from "@/lib/notifications/signing";

const SECRET = "whsec_unit-test-secret";
const BODY = JSON.stringify({ id: "d1", title: "Budget passed 80%" });

describe("webhook signatures", () => {
  it("is HMAC-SHA256 of `timestamp.body` in hex, prefixed sha256=", () => {
    // Computed independently of signWebhook, from the documented formula.
    const expected = createHmac("sha256", SECRET).update(`1764547200.${BODY}`).digest("hex");
    expect(signWebhook(SECRET, 1764547200, BODY)).toBe(`sha256=${expected}`);
  });

  it("puts unix seconds in X-CogniTrack-Timestamp", () => {
    const headers = signatureHeaders(SECRET, BODY, new Date("2025-12-01T00:00:00.900Z"));
    expect(headers["X-CogniTrack-Timestamp"]).toBe("1764547200");
    expect(headers["X-CogniTrack-Signature"]).toBe(signWebhook(SECRET, 1764547200, BODY));
  });

  it("verifies the genuine signature and refuses a changed body, a wrong secret and an old timestamp", () => {
    const now = new Date("2025-12-01T00:00:00Z");
    const h = signatureHeaders(SECRET, BODY, now);
    const headers = { timestamp: h["X-CogniTrack-Timestamp"], signature: h["X-CogniTrack-Signature"] };
    expect(verifyWebhookSignature(SECRET, headers, BODY, now)).toBe(true);
    expect(verifyWebhookSignature(SECRET, headers, BODY.replace("80", "90"), now)).toBe(false);
    expect(verifyWebhookSignature("whsec_other", headers, BODY, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, headers, BODY, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifyWebhookSignature(SECRET, { ...headers, timestamp: "1764547201" }, BODY, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, { ...headers, signature: undefined }, BODY, now)).toBe(false);
  });

  it("makes a new random secret each time", () => {
    const a = newSigningSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newSigningSecret()).not.toBe(a);
  });
});

describe("retry backoff", () => {
  it("doubles from one minute with jitter between half and all of it, capped at an hour", () => {
    expect(retryDelayMs(1, 0)).toBe(BASE_DELAY_MS / 2);
    expect(retryDelayMs(1, 0.999999)).toBeCloseTo(BASE_DELAY_MS, -1);
    expect(retryDelayMs(2, 0)).toBe(BASE_DELAY_MS);
    expect(retryDelayMs(5, 0)).toBe(8 * BASE_DELAY_MS);
    expect(retryDelayMs(20, 0.5)).toBe(Math.round(MAX_DELAY_MS * 0.75));
    const delays = [1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 0.5));
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(new Set(delays).size).toBe(5);
  });
});
