import { describe, expect, it } from "vitest";
import { fetchWithRetry, parseRetryAfter, type RetryOptions } from "@/lib/rate-limit/retry";
import { TokenBucket } from "@/lib/rate-limit/token-bucket";
import { ProviderError } from "@/lib/providers/types";

const KEY = "test-admin-key-not-real";
const URL_ = "https://api.example.test/v1/organization/usage/completions";
const INIT: RequestInit = { headers: { Authorization: `Bearer ${KEY}` } };

type Step = Response | Error | "hang";

/** A fetch that plays back one step per call and records what it was asked. */
function scripted(steps: Step[]) {
  const calls: RequestInit[] = [];
  const fakeFetch = (async (_url: string, init: RequestInit) => {
    calls.push(init);
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (step === "hang") {
      return new Promise<Response>((_, reject) =>
        init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
      );
    }
    if (step instanceof Error) throw step;
    return step.clone();
  }) as unknown as typeof globalThis.fetch;
  return { fetch: fakeFetch, calls };
}

function harness(steps: Step[], extra: Partial<RetryOptions> = {}) {
  const { fetch, calls } = scripted(steps);
  const slept: number[] = [];
  const requests: number[] = [];
  const retries: { attempt: number; delayMs: number; reason: string }[] = [];
  const opts: RetryOptions = {
    fetch,
    sleep: async (ms) => void slept.push(ms),
    random: () => 0.5,
    now: () => Date.parse("2025-01-01T00:00:00Z"),
    providerName: "OpenAI",
    observer: {
      onRequest: ({ attempt }) => requests.push(attempt),
      onRetry: ({ attempt, delayMs, reason }) => retries.push({ attempt, delayMs, reason }),
    },
    ...extra,
  };
  return { run: () => fetchWithRetry(URL_, INIT, opts), calls, slept, requests, retries };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const ok = () => json(200, { ok: true });
const err = (status: number, message: string, headers: Record<string, string> = {}) =>
  json(status, { error: { message, type: "x", code: null, param: null } }, headers);

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ProviderError);
    return e as ProviderError;
  }
  throw new Error("expected a ProviderError");
}

describe("fetchWithRetry", () => {
  it("honours Retry-After in seconds on 429, then succeeds", async () => {
    const h = harness([err(429, "slow down", { "retry-after": "7" }), ok()]);
    const res = await h.run();
    expect(await res.json()).toEqual({ ok: true });
    expect(h.slept).toEqual([7000]);
    expect(h.requests).toEqual([1, 2]);
    expect(h.retries).toEqual([{ attempt: 1, delayMs: 7000, reason: "HTTP 429" }]);
  });

  it("honours Retry-After as an HTTP-date on 503", async () => {
    const h = harness([err(503, "busy", { "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }), ok()]);
    await h.run();
    expect(h.slept).toEqual([30_000]);
  });

  it("falls back to jittered backoff when 429 has no Retry-After", async () => {
    const h = harness([err(429, "x"), err(429, "x"), ok()], { baseDelayMs: 1000, random: () => 0.5 });
    await h.run();
    expect(h.slept).toEqual([500, 1000]);
  });

  it("ends with RATE_LIMITED instead of sleeping through a too-long Retry-After", async () => {
    const h = harness([err(429, "quota", { "retry-after": "600" })], { maxRetryAfterMs: 120_000 });
    const e = await failure(h.run());
    expect(e.code).toBe("RATE_LIMITED");
    expect(e.httpStatus).toBe(429);
    expect(h.slept).toEqual([]);
    expect(h.calls).toHaveLength(1);
  });

  it("backs off exponentially with full jitter on 5xx, capped at maxDelayMs, then succeeds", async () => {
    const h = harness([err(500, "a"), err(502, "b"), err(504, "c"), ok()], {
      baseDelayMs: 1000,
      maxDelayMs: 3000,
      random: () => 0.999,
    });
    const res = await h.run();
    expect(res.status).toBe(200);
    expect(h.slept).toEqual([999, 1998, 2997]);
    expect(h.retries.map((r) => r.reason)).toEqual(["HTTP 500", "HTTP 502", "HTTP 504"]);
  });

  it("caps attempts and reports UPSTREAM_ERROR with the provider's message", async () => {
    const h = harness([err(500, "The server had an error")], { maxAttempts: 3 });
    const e = await failure(h.run());
    expect(e.code).toBe("UPSTREAM_ERROR");
    expect(e.message).toContain("after 3 attempts");
    expect(e.message).toContain("The server had an error");
    expect(h.calls).toHaveLength(3);
    expect(h.requests).toEqual([1, 2, 3]);
    expect(h.retries).toHaveLength(2);
  });

  it("reports RATE_LIMITED when 429 persists", async () => {
    const h = harness([err(429, "x", { "retry-after": "1" })], { maxAttempts: 2 });
    expect((await failure(h.run())).code).toBe("RATE_LIMITED");
  });

  it.each([
    [401, "AUTH_FAILED", /rejected the key \(401\)/],
    [403, "PERMISSION_DENIED", /refused access \(403\)/],
    [400, "BAD_REQUEST", /rejected the request/],
    [404, "BAD_REQUEST", /404/],
  ] as const)("does not retry %i (%s)", async (status, code, pattern) => {
    const h = harness([err(status, "nope"), ok()]);
    const e = await failure(h.run());
    expect(e.code).toBe(code);
    expect(e.httpStatus).toBe(status);
    expect(e.message).toMatch(pattern);
    expect(h.calls).toHaveLength(1);
    expect(h.retries).toEqual([]);
  });

  it("times out each attempt and ends with TIMEOUT", async () => {
    const h = harness(["hang"], { maxAttempts: 2, timeoutMs: 5 });
    const e = await failure(h.run());
    expect(e.code).toBe("TIMEOUT");
    expect(h.calls).toHaveLength(2);
    expect(h.calls.every((c) => c.signal?.aborted)).toBe(true);
    expect(h.retries.map((r) => r.reason)).toEqual(["timeout"]);
  });

  it("retries a timeout and succeeds on the next attempt", async () => {
    const h = harness(["hang", ok()], { timeoutMs: 5 });
    expect((await h.run()).status).toBe(200);
  });

  it("retries network errors and ends with NETWORK_ERROR", async () => {
    const netErr = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const h = harness([netErr], { maxAttempts: 3 });
    const e = await failure(h.run());
    expect(e.code).toBe("NETWORK_ERROR");
    expect(e.message).toContain("ECONNREFUSED");
    expect(h.retries.map((r) => r.reason)).toEqual(["network error", "network error"]);
  });

  it("takes a bucket token before every attempt", async () => {
    let taken = 0;
    const bucket = new TokenBucket({ capacity: 10, refillPerMinute: 60 });
    const take = bucket.take.bind(bucket);
    bucket.take = async () => {
      taken++;
      return take();
    };
    const h = harness([err(502, "x"), err(502, "x"), ok()], { bucket });
    await h.run();
    expect(taken).toBe(3);
  });

  it("does not follow redirects, so the Authorization header stays with the configured host", async () => {
    const h = harness([new Response(null, { status: 302, headers: { location: "https://evil.example/" } })]);
    const e = await failure(h.run());
    expect(e.code).toBe("BAD_REQUEST");
    expect(h.calls[0].redirect).toBe("manual");
  });

  it("never puts the key into error messages, even when the provider echoes it", async () => {
    const echoes = [401, 403, 400, 429, 500, 503].map((s) =>
      err(s, `Incorrect API key provided: ${KEY}. Bearer ${KEY}`),
    );
    for (const res of echoes) {
      const e = await failure(harness([res], { maxAttempts: 1 }).run());
      expect(e.message).not.toContain(KEY);
      expect(e.message).not.toContain("not-real");
      expect(e.message).toContain("Incorrect API key provided");
    }
    const net = await failure(harness([new TypeError(`bad header Bearer ${KEY}`)], { maxAttempts: 1 }).run());
    expect(net.message).not.toContain(KEY);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it.each([
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after": "1.5" }, 1500],
    [{ "retry-after": "Wed, 01 Jan 2025 00:01:00 GMT" }, 60_000],
    [{ "retry-after": "Tue, 31 Dec 2024 23:00:00 GMT" }, 0],
    [{ "retry-after-ms": "250", "retry-after": "9" }, 250],
    [{ "retry-after": "soon" }, undefined],
    [{}, undefined],
  ])("%j → %s", (headers, expected) => {
    expect(parseRetryAfter(new Headers(headers), now)).toBe(expected);
  });
});
