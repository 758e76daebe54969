import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import {
  createOpenAIClient,
  fetchLegacyUsageForDay,
  iterateAdminUsagePages,
  testOpenAIKey,
  type AdminUsageQuery,
  type OpenAIClient,
} from "@/lib/providers/openai";
import { resetCredentialBuckets } from "@/lib/rate-limit/policies";
import { ProviderError, type ProviderUsageRecord } from "@/lib/providers/types";

const KEY = "test-admin-key-not-real";
const BASE = "https://openai.test/v1";
const COMPLETIONS = `${BASE}/organization/usage/completions`;
const EMBEDDINGS = `${BASE}/organization/usage/embeddings`;
const DAY = 86_400;
const START = 1730419200; // 2024-11-01T00:00:00Z

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => resetCredentialBuckets());

let seen: URL[] = [];
let headers: Headers[] = [];
beforeEach(() => {
  seen = [];
  headers = [];
  server.events.removeAllListeners();
  server.events.on("request:start", ({ request }) => {
    seen.push(new URL(request.url));
    headers.push(request.headers);
  });
});

function client(extra: Partial<Parameters<typeof createOpenAIClient>[0]> = {}): OpenAIClient {
  return createOpenAIClient({
    apiKey: KEY,
    baseUrl: BASE,
    credentialId: "cred_test",
    pacing: { requestsPerMinute: 60_000, burst: 1000 },
    retry: { sleep: async () => {}, maxAttempts: 3 },
    ...extra,
  });
}

const completionsResult = (model: string | null, extra: Record<string, unknown> = {}) => ({
  object: "organization.usage.completions.result",
  input_tokens: 100,
  output_tokens: 20,
  input_cached_tokens: 10,
  num_model_requests: 3,
  project_id: "proj_1",
  user_id: null,
  api_key_id: "key_1",
  model,
  batch: false,
  service_tier: null,
  ...extra,
});
const page = (day: number, results: unknown[], has_more: boolean, next_page: unknown) => ({
  object: "page",
  data: [{ object: "bucket", start_time: START + day * DAY, end_time: START + (day + 1) * DAY, results }],
  has_more,
  next_page,
});

async function collect(c: OpenAIClient, q: Partial<AdminUsageQuery> = {}) {
  const pages: { records: ProviderUsageRecord[]; page: number }[] = [];
  for await (const p of iterateAdminUsagePages(c, {
    endpoint: "completions",
    startTime: START,
    endTime: START + 3 * DAY,
    ...q,
  })) {
    pages.push(p);
  }
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

describe("iterateAdminUsagePages", () => {
  it("follows next_page across three pages and sends the expected query and headers", async () => {
    server.use(
      http.get(COMPLETIONS, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get("page");
        if (!cursor)
          return HttpResponse.json(page(0, [completionsResult("gpt-4o"), completionsResult(null)], true, "page_2"));
        if (cursor === "page_2")
          return HttpResponse.json(
            page(1, [completionsResult("gpt-4o-mini")], true, `${BASE}/organization/usage/completions?page=page_3`),
          );
        return HttpResponse.json(page(2, [], false, null));
      }),
    );
    const pages = await collect(client({ organizationId: "org_1", projectId: "proj_hdr" }));

    expect(pages.map((p) => [p.page, p.records.length])).toEqual([
      [1, 2],
      [2, 1],
      [3, 0],
    ]);
    expect(pages[0].records[1]).toMatchObject({
      model: "unknown",
      source: "completions",
      inputTokens: 100,
      cachedInputTokens: 10,
      requests: 3,
      batch: false,
    });
    expect(pages[1].records[0].windowStart).toEqual(new Date((START + DAY) * 1000));

    expect(seen.map((u) => u.searchParams.get("page"))).toEqual([null, "page_2", "page_3"]);
    const q = seen[0].searchParams;
    expect(q.get("start_time")).toBe(String(START));
    expect(q.get("end_time")).toBe(String(START + 3 * DAY));
    expect(q.get("bucket_width")).toBe("1d");
    expect(q.get("limit")).toBe("31");
    expect(q.getAll("group_by")).toEqual(["project_id", "user_id", "api_key_id", "model", "batch", "service_tier"]);
    expect(headers[0].get("authorization")).toBe(`Bearer ${KEY}`);
    expect(headers[0].get("openai-organization")).toBe("org_1");
    expect(headers[0].get("openai-project")).toBe("proj_hdr");
  });

  it("uses the embeddings group keys and mapping", async () => {
    server.use(
      http.get(EMBEDDINGS, () =>
        HttpResponse.json({
          object: "page",
          data: [
            {
              object: "bucket",
              start_time: START,
              end_time: START + DAY,
              results: [
                {
                  object: "organization.usage.embeddings.result",
                  input_tokens: 16,
                  num_model_requests: 2,
                  model: null,
                },
              ],
            },
          ],
          has_more: false,
          next_page: null,
        }),
      ),
    );
    const pages = await collect(client(), { endpoint: "embeddings", limit: 7 });
    expect(seen[0].searchParams.getAll("group_by")).toEqual(["project_id", "user_id", "api_key_id", "model"]);
    expect(seen[0].searchParams.get("limit")).toBe("7");
    expect(pages[0].records[0]).toMatchObject({
      source: "embeddings",
      model: "unknown",
      outputTokens: 0,
      batch: null,
      serviceTier: null,
      projectId: null,
    });
  });

  it("stops with MALFORMED_RESPONSE when has_more is true but next_page is missing", async () => {
    server.use(http.get(COMPLETIONS, () => HttpResponse.json(page(0, [completionsResult("m")], true, null))));
    const pages: number[] = [];
    const e = await failure(
      (async () => {
        for await (const p of iterateAdminUsagePages(client(), {
          endpoint: "completions",
          startTime: START,
          endTime: START + DAY,
        }))
          pages.push(p.page);
      })(),
    );
    expect(e.code).toBe("MALFORMED_RESPONSE");
    expect(e.message).toMatch(/next_page/);
    expect(pages).toEqual([1]);
  });

  it("stops with MALFORMED_RESPONSE when a cursor repeats", async () => {
    server.use(
      http.get(COMPLETIONS, ({ request }) =>
        HttpResponse.json(page(0, [], true, new URL(request.url).searchParams.get("page") ? "page_A" : "page_A")),
      ),
    );
    const e = await failure(collect(client()));
    expect(e.code).toBe("MALFORMED_RESPONSE");
    expect(e.message).toMatch(/same next_page/);
    expect(seen).toHaveLength(2);
  });

  it("refuses a next_page pointing elsewhere and never requests it", async () => {
    server.use(
      http.get(COMPLETIONS, () =>
        HttpResponse.json(page(0, [], true, "https://openai.test.evil.com/v1/organization/usage/completions?page=p")),
      ),
      http.get("https://openai.test.evil.com/*", () => HttpResponse.json({})),
    );
    const e = await failure(collect(client()));
    expect(e.code).toBe("UNSAFE_NEXT_PAGE");
    expect(seen.map((u) => u.host)).toEqual(["openai.test"]);
  });

  it("reports invalid JSON and schema mismatches as MALFORMED_RESPONSE naming the field", async () => {
    server.use(http.get(COMPLETIONS, () => new HttpResponse("<html>oops</html>", { status: 200 })));
    expect((await failure(collect(client()))).code).toBe("MALFORMED_RESPONSE");

    server.use(
      http.get(COMPLETIONS, () =>
        HttpResponse.json({
          data: [{ start_time: START, end_time: START + DAY, results: [{ input_tokens: "many" }] }],
          has_more: false,
        }),
      ),
    );
    const e = await failure(collect(client()));
    expect(e.code).toBe("MALFORMED_RESPONSE");
    expect(e.message).toContain("data[0].results[0].input_tokens");
  });

  it("rejects bad arguments before calling OpenAI", async () => {
    expect((await failure(collect(client(), { limit: 32 }))).code).toBe("BAD_REQUEST");
    expect((await failure(collect(client(), { endpoint: "embeddings", groupBy: ["batch"] }))).code).toBe("BAD_REQUEST");
    expect((await failure(collect(client(), { endTime: START }))).code).toBe("BAD_REQUEST");
    expect(seen).toEqual([]);
  });

  it.each([
    [401, "AUTH_FAILED"],
    [403, "PERMISSION_DENIED"],
  ] as const)("maps %i to %s without retrying and without leaking the key", async (status, code) => {
    server.use(
      http.get(COMPLETIONS, () =>
        HttpResponse.json(
          {
            error: {
              message: `Incorrect API key provided: ${KEY}`,
              type: "invalid_request_error",
              code: null,
              param: null,
            },
          },
          { status },
        ),
      ),
    );
    const e = await failure(collect(client()));
    expect(e.code).toBe(code);
    expect(e.message).toContain("Incorrect API key provided");
    expect(seen).toHaveLength(1);
  });

  it("retries a 429 with Retry-After through the client, then continues", async () => {
    let n = 0;
    const slept: number[] = [];
    server.use(
      http.get(COMPLETIONS, () =>
        ++n === 1
          ? HttpResponse.json(
              { error: { message: "Rate limit reached", type: "requests", code: null, param: null } },
              { status: 429, headers: { "retry-after": "2" } },
            )
          : HttpResponse.json(page(0, [completionsResult("m")], false, null)),
      ),
    );
    const retries: string[] = [];
    const c = client({
      retry: { sleep: async (ms) => void slept.push(ms) },
      observer: { onRetry: (r) => retries.push(r.reason) },
    });
    const pages = await collect(c);
    expect(pages[0].records).toHaveLength(1);
    expect(slept).toEqual([2000]);
    expect(retries).toEqual(["HTTP 429"]);
  });
});

describe("createOpenAIClient", () => {
  it("does not expose the key on the client object", () => {
    const c = client();
    expect(JSON.stringify(c)).not.toContain(KEY);
    expect(Object.values(c).join(" ")).not.toContain(KEY);
  });

  it("rejects a key with line breaks without echoing it", () => {
    try {
      client({ apiKey: `${KEY}\nX-Evil: 1` });
      expect.unreachable();
    } catch (e) {
      expect((e as ProviderError).code).toBe("AUTH_FAILED");
      expect((e as Error).message).not.toContain(KEY);
    }
  });

  it("normalises the base URL and rejects credentials in it", () => {
    expect(client({ baseUrl: "https://openai.test/v1/" }).baseUrl).toBe(BASE);
    expect(() => client({ baseUrl: "https://u:p@openai.test/v1" })).toThrow(ProviderError);
    expect(() => client({ baseUrl: "ftp://openai.test/v1" })).toThrow(ProviderError);
  });
});

describe("fetchLegacyUsageForDay", () => {
  it("sums entries per snapshot_id over the UTC day and drops entries from other days", async () => {
    const day = Date.parse("2024-11-01T00:00:00Z") / 1000;
    server.use(
      http.get(`${BASE}/usage`, () =>
        HttpResponse.json({
          object: "list",
          data: [
            {
              aggregation_timestamp: day + 60,
              n_requests: 2,
              operation: "completion",
              snapshot_id: "gpt-4o",
              n_context_tokens_total: 100,
              n_generated_tokens_total: 10,
            },
            {
              aggregation_timestamp: day + 3600,
              n_requests: 1,
              operation: "completion",
              snapshot_id: "gpt-4o",
              n_context_tokens_total: 50,
              n_generated_tokens_total: 5,
            },
            {
              aggregation_timestamp: day + 7200,
              n_requests: 4,
              operation: "embeddings",
              snapshot_id: "text-embedding-3-small",
              n_context_tokens_total: 40,
            },
            {
              aggregation_timestamp: day + DAY,
              n_requests: 9,
              operation: "completion",
              snapshot_id: "gpt-4o",
              n_context_tokens_total: 999,
              n_generated_tokens_total: 999,
            },
          ],
          ft_data: [],
        }),
      ),
    );
    const records = await fetchLegacyUsageForDay(client(), "2024-11-01");
    expect(seen[0].searchParams.get("date")).toBe("2024-11-01");
    expect(records).toEqual([
      expect.objectContaining({
        source: "legacy",
        model: "gpt-4o",
        inputTokens: 150,
        outputTokens: 15,
        requests: 3,
        projectId: null,
        apiKeyId: null,
        providerUserId: null,
        serviceTier: null,
        batch: null,
        windowStart: new Date("2024-11-01T00:00:00Z"),
        windowEnd: new Date("2024-11-02T00:00:00Z"),
      }),
      expect.objectContaining({ model: "text-embedding-3-small", inputTokens: 40, outputTokens: 0, requests: 4 }),
    ]);
  });

  it("rejects an impossible date", async () => {
    expect((await failure(fetchLegacyUsageForDay(client(), "2024-02-30"))).code).toBe("BAD_REQUEST");
  });
});

describe("testOpenAIKey", () => {
  const now = () => Date.parse("2024-11-02T12:00:00Z");

  it("admin mode: one completions call with limit 1", async () => {
    server.use(http.get(COMPLETIONS, () => HttpResponse.json(page(0, [completionsResult("m")], true, "page_2"))));
    const result = await testOpenAIKey(client(), "admin", { now });
    expect(result).toMatchObject({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0].searchParams.get("limit")).toBe("1");
    expect(Number(seen[0].searchParams.get("end_time")) - Number(seen[0].searchParams.get("start_time"))).toBe(DAY);
  });

  it("standard mode: legacy usage for yesterday", async () => {
    server.use(http.get(`${BASE}/usage`, () => HttpResponse.json({ object: "list", data: [] })));
    expect(await testOpenAIKey(client(), "standard", { now })).toMatchObject({ ok: true });
    expect(seen[0].searchParams.get("date")).toBe("2024-11-01");
  });

  it("returns the issue code and a key-free message on failure", async () => {
    server.use(
      http.get(COMPLETIONS, () =>
        HttpResponse.json(
          { error: { message: `Bearer ${KEY} lacks scope`, type: "x", code: null, param: null } },
          { status: 403 },
        ),
      ),
    );
    const result = await testOpenAIKey(client(), "admin", { now });
    expect(result).toMatchObject({ ok: false, code: "PERMISSION_DENIED" });
    expect(JSON.stringify(result)).not.toContain(KEY);
  });
});
