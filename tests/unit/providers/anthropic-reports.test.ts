import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import {
  createAnthropicClient,
  iterateCostReportPages,
  iterateUsageReportPages,
  type AnthropicClient,
} from "@/lib/providers/anthropic";
import { resetCredentialBuckets } from "@/lib/rate-limit/policies";
import { ProviderError, type NormalizedCostRecord, type ProviderUsageRecord } from "@/lib/providers/types";

const KEY = "sk-ant-admin01-unit-test-not-real";
const BASE = "https://anthropic.test";
const USAGE = `${BASE}/v1/organizations/usage_report/messages`;
const COST = `${BASE}/v1/organizations/cost_report`;
const START = new Date("2025-03-01T00:00:00Z");
const day = (n: number) => new Date(START.getTime() + n * 86_400_000);
const iso = (n: number) => day(n).toISOString().replace(".000Z", "Z");

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let seen: URL[] = [];
let headers: Headers[] = [];
let sleeps: number[] = [];
beforeEach(() => {
  resetCredentialBuckets();
  seen = [];
  headers = [];
  sleeps = [];
  server.events.removeAllListeners();
  server.events.on("request:start", ({ request }) => {
    seen.push(new URL(request.url));
    headers.push(request.headers);
  });
});

function client(): AnthropicClient {
  return createAnthropicClient({
    apiKey: KEY,
    baseUrl: BASE,
    credentialId: "cred_anthropic_test",
    pacing: { requestsPerMinute: 60_000, burst: 1000 },
    retry: { sleep: async (ms) => void sleeps.push(ms), maxAttempts: 3, random: () => 0.5 },
  });
}

const usageResult = (extra: Record<string, unknown> = {}) => ({
  uncached_input_tokens: 1000,
  cache_read_input_tokens: 200,
  cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 4 },
  output_tokens: 500,
  server_tool_use: { web_search_requests: 7 },
  api_key_id: "apikey_1",
  workspace_id: "wrkspc_1",
  model: "claude-sonnet-4-5-20250929",
  service_tier: "standard",
  context_window: "0-200k",
  inference_geo: "global",
  ...extra,
});
const page = (n: number, results: unknown[], has_more: boolean, next_page: unknown) => ({
  data: [{ starting_at: iso(n), ending_at: iso(n + 1), results }],
  has_more,
  next_page,
});

async function collectUsage(c = client(), days = 3): Promise<ProviderUsageRecord[][]> {
  const pages: ProviderUsageRecord[][] = [];
  for await (const p of iterateUsageReportPages(c, { start: START, end: day(days) })) pages.push(p.records);
  return pages;
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ProviderError);
    const err = e as ProviderError;
    expect(err.message).not.toContain(KEY);
    return err;
  }
  throw new Error("expected a ProviderError");
}

describe("Anthropic usage report", () => {
  it("sends the Admin key headers and the documented query, and follows next_page", async () => {
    server.use(
      http.get(USAGE, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get("page");
        if (!cursor) return HttpResponse.json(page(0, [usageResult()], true, "page_2"));
        if (cursor === "page_2")
          return HttpResponse.json(page(1, [usageResult({ model: null })], true, `${USAGE}?page=page_3`));
        return HttpResponse.json(page(2, [], false, null));
      }),
    );
    const pages = await collectUsage();
    expect(pages.map((p) => p.length)).toEqual([1, 1, 0]);
    expect(pages[1][0].model).toBe("unknown");
    expect(seen.map((u) => u.searchParams.get("page"))).toEqual([null, "page_2", "page_3"]);
    const q = seen[0].searchParams;
    expect(q.get("starting_at")).toBe("2025-03-01T00:00:00Z");
    expect(q.get("ending_at")).toBe("2025-03-04T00:00:00Z");
    expect(q.get("bucket_width")).toBe("1d");
    expect(q.get("limit")).toBe("31");
    expect(q.getAll("group_by[]")).toEqual([
      "api_key_id",
      "workspace_id",
      "model",
      "service_tier",
      "context_window",
      "inference_geo",
    ]);
    expect(headers).toHaveLength(3);
    for (const h of headers) {
      expect(h.get("x-api-key")).toBe(KEY);
      expect(h.get("anthropic-version")).toBe("2023-06-01");
      expect(h.get("authorization")).toBeNull();
    }
  });

  it("maps cache writes (5m and 1h apart), cache reads, web searches; input means ALL input; no request count", async () => {
    server.use(http.get(USAGE, () => HttpResponse.json(page(0, [usageResult()], false, null))));
    const [[r]] = await collectUsage();
    expect(r).toMatchObject({
      provider: "anthropic",
      source: "messages",
      inputTokens: 1000 + 200 + 30 + 4,
      uncachedInputTokens: 1000,
      cachedInputTokens: 200,
      cacheWrite5mTokens: 30,
      cacheWrite1hTokens: 4,
      outputTokens: 500,
      webSearchRequests: 7,
      requests: null,
      projectId: "wrkspc_1",
      apiKeyId: "apikey_1",
      serviceTier: "standard",
      batch: false,
      contextWindow: "0-200k",
      inferenceGeo: "global",
    });
    expect(r.windowStart).toEqual(START);
    expect(r.windowEnd).toEqual(day(1));
  });

  it("tolerates nulls, omitted optional parts and unknown fields; the default workspace stays null", async () => {
    const sparse = {
      uncached_input_tokens: 5,
      output_tokens: 1,
      cache_read_input_tokens: null,
      cache_creation: null,
      workspace_id: null,
      api_key_id: null,
      service_tier: "batch",
      brand_new_counter: 99,
    };
    server.use(http.get(USAGE, () => HttpResponse.json({ ...page(0, [sparse], false, null), extra: true })));
    const [[r]] = await collectUsage();
    expect(r).toMatchObject({
      inputTokens: 5,
      cachedInputTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      webSearchRequests: 0,
      projectId: null,
      apiKeyId: null,
      batch: true,
      contextWindow: null,
      inferenceGeo: null,
    });
  });

  it("refuses a next_page pointing at another host, without requesting it", async () => {
    server.use(
      http.get(USAGE, () => HttpResponse.json(page(0, [], true, "http://169.254.169.254/latest/meta-data?page=x"))),
    );
    const e = await failure(collectUsage());
    expect(e.code).toBe("UNSAFE_NEXT_PAGE");
    expect(e.message).toMatch(/Anthropic returned a next_page link that was not followed: it points to another site/);
    expect(seen.map((u) => u.host)).toEqual(["anthropic.test"]);
  });

  it("refuses a same-origin next_page outside /v1/organizations", async () => {
    server.use(http.get(USAGE, () => HttpResponse.json(page(0, [], true, `${BASE}/v1/messages?page=x`))));
    const e = await failure(collectUsage());
    expect(e.code).toBe("UNSAFE_NEXT_PAGE");
    expect(seen).toHaveLength(1);
  });

  it("stops with MALFORMED_RESPONSE on has_more without next_page and on a repeated cursor", async () => {
    server.use(http.get(USAGE, () => HttpResponse.json(page(0, [], true, null))));
    expect((await failure(collectUsage())).message).toMatch(/has_more.*no next_page/);
    server.resetHandlers(http.get(USAGE, () => HttpResponse.json(page(0, [], true, "page_same"))));
    expect((await failure(collectUsage())).message).toMatch(/same next_page cursor twice/);
  });

  it("waits out a 429 retry-after, then continues", async () => {
    let calls = 0;
    server.use(
      http.get(USAGE, () =>
        ++calls === 1
          ? HttpResponse.json(
              { type: "error", error: { type: "rate_limit_error", message: "Rate limited" } },
              { status: 429, headers: { "retry-after": "3" } },
            )
          : HttpResponse.json(page(0, [usageResult()], false, null)),
      ),
    );
    const pages = await collectUsage();
    expect(pages.flat()).toHaveLength(1);
    expect(sleeps).toEqual([3000]);
    expect(seen).toHaveLength(2);
  });

  it("retries 529 overloaded and ends with UPSTREAM_ERROR when it persists", async () => {
    let calls = 0;
    server.use(
      http.get(USAGE, () =>
        ++calls <= 1
          ? HttpResponse.json(
              { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
              { status: 529 },
            )
          : HttpResponse.json(page(0, [], false, null)),
      ),
    );
    expect(await collectUsage()).toHaveLength(1);
    expect(seen).toHaveLength(2);

    server.resetHandlers(
      http.get(USAGE, () =>
        HttpResponse.json(
          { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
          { status: 529 },
        ),
      ),
    );
    seen = [];
    const e = await failure(collectUsage());
    expect(e.code).toBe("UPSTREAM_ERROR");
    expect(e.httpStatus).toBe(529);
    expect(e.message).toMatch(/overloaded \(529\) after 3 attempts.*Overloaded/);
    expect(seen).toHaveLength(3);
  });

  it.each([
    [401, "AUTH_FAILED", "authentication_error"],
    [403, "PERMISSION_DENIED", "permission_error"],
  ])("ends the key on %i with %s, without retrying", async (status, code, type) => {
    server.use(
      http.get(USAGE, () => HttpResponse.json({ type: "error", error: { type, message: `no: ${KEY}` } }, { status })),
    );
    const e = await failure(collectUsage());
    expect(e.code).toBe(code);
    expect(e.httpStatus).toBe(status);
    expect(seen).toHaveLength(1);
  });

  it("reports MALFORMED_RESPONSE for a body that is not JSON or not the documented shape", async () => {
    server.use(http.get(USAGE, () => new HttpResponse("<html>bad gateway</html>", { status: 200 })));
    expect((await failure(collectUsage())).message).toMatch(/not JSON/);
    server.resetHandlers(
      http.get(USAGE, () => HttpResponse.json(page(0, [{ ...usageResult(), output_tokens: "many" }], false, null))),
    );
    const e = await failure(collectUsage());
    expect(e.code).toBe("MALFORMED_RESPONSE");
    expect(e.message).toContain("data[0].results[0].output_tokens");
  });

  it("rejects a bad window or group before sending anything", async () => {
    await expect(collectUsage(client(), 0)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(() => iterateUsageReportPages(client(), { start: START, end: day(1), groupBy: ["user_id"] })).toThrow(
      /cannot be grouped by user_id/,
    );
    expect(seen).toHaveLength(0);
  });
});

describe("Anthropic cost report", () => {
  const costResult = (amount: unknown, extra: Record<string, unknown> = {}) => ({
    currency: "USD",
    amount,
    workspace_id: "wrkspc_1",
    description: "Claude Sonnet 4.5 Usage - Input Tokens",
    cost_type: "tokens",
    context_window: "0-200k",
    model: "claude-sonnet-4-5-20250929",
    service_tier: "standard",
    token_type: "uncached_input_tokens",
    ...extra,
  });

  async function collectCost(): Promise<NormalizedCostRecord[]> {
    const out: NormalizedCostRecord[] = [];
    for await (const p of iterateCostReportPages(client(), { start: START, end: day(2) })) out.push(...p.records);
    return out;
  }

  it("groups by workspace and description and turns cents strings into exact dollars", async () => {
    server.use(
      http.get(COST, ({ request }) =>
        new URL(request.url).searchParams.get("page")
          ? HttpResponse.json(page(1, [costResult("0.01", { workspace_id: null })], false, null))
          : HttpResponse.json(page(0, [costResult("123.4567"), costResult("100"), costResult(2.5)], true, "page_b")),
      ),
    );
    const records = await collectCost();
    expect(records.map((r) => r.amountUsd)).toEqual(["1.234567", "1", "0.025", "0.0001"]);
    expect(records.every((r) => typeof r.amountUsd === "string" && r.currency === "USD")).toBe(true);
    expect(records[0]).toMatchObject({
      provider: "anthropic",
      day: "2025-03-01",
      projectId: "wrkspc_1",
      lineItem: "Claude Sonnet 4.5 Usage - Input Tokens",
      model: "claude-sonnet-4-5-20250929",
      tokenType: "uncached_input_tokens",
      apiKeyId: null,
    });
    expect(records[3]).toMatchObject({ day: "2025-03-02", projectId: null });
    expect(seen[0].searchParams.getAll("group_by[]")).toEqual(["workspace_id", "description"]);
    expect(seen[0].searchParams.get("limit")).toBe("31");
  });

  it.each([["12,50"], ["1e-3"], ["NaN"], [""]])("refuses the amount %j instead of guessing", async (amount) => {
    server.use(http.get(COST, () => HttpResponse.json(page(0, [costResult(amount)], false, null))));
    const e = await failure(collectCost());
    expect(e.code).toBe("MALFORMED_RESPONSE");
    expect(e.message).toMatch(/not a decimal number/);
  });

  it("refuses a currency other than USD", async () => {
    server.use(http.get(COST, () => HttpResponse.json(page(0, [costResult("1", { currency: "EUR" })], false, null))));
    expect((await failure(collectCost())).message).toMatch(/in EUR/);
  });
});
