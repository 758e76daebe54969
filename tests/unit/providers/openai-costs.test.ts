import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { CostPage, ProviderWindow } from "@/lib/providers/adapter";
import { createOpenAIClient, type OpenAIClient } from "@/lib/providers/openai/client";
import { iterateCostsPages, openAICostPages } from "@/lib/providers/openai/costs";
import { ProviderError } from "@/lib/providers/types";
import { resetCredentialBuckets } from "@/lib/rate-limit/policies";

const BASE = "https://openai.test/v1";
const COSTS = `${BASE}/organization/costs`;
const DAY = 86_400;
const START = 1764979200; // 2025-12-06T00:00:00Z

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let seen: URL[] = [];
beforeEach(() => {
  resetCredentialBuckets();
  seen = [];
  server.events.removeAllListeners();
  server.events.on("request:start", ({ request }) => void seen.push(new URL(request.url)));
});

function client(): OpenAIClient {
  return createOpenAIClient({
    apiKey: "test-admin-key-not-real",
    baseUrl: BASE,
    credentialId: "cred_costs",
    pacing: { requestsPerMinute: 60_000, burst: 1000 },
    retry: { sleep: async () => {}, maxAttempts: 2 },
  });
}

const window = (days: number): ProviderWindow => ({
  start: new Date(START * 1000),
  end: new Date((START + days * DAY) * 1000),
  days: Array.from({ length: days }, (_, i) => new Date((START + i * DAY) * 1000).toISOString().slice(0, 10)),
});

/** A raw page body: amounts written into the text as given, so no JS number touches them. */
const rawPage = (buckets: { start: number; results: string[] }[], next: string | null) =>
  `{"object":"page","data":[${buckets
    .map(
      (b) =>
        `{"object":"bucket","start_time":${b.start},"end_time":${b.start + DAY},"results":[${b.results.join(",")}]}`,
    )
    .join(",")}],"has_more":${next !== null},"next_page":${JSON.stringify(next)}}`;

const result = (value: string, extra = "") =>
  `{"object":"organization.costs.result","amount":{"value":${value},"currency":"usd"},"line_item":"gpt-4o-2024-08-06, input","project_id":"proj_1","api_key_id":"key_1","organization_id":"org_1"${extra}}`;

const json = (text: string, status = 200) =>
  new HttpResponse(text, { status, headers: { "content-type": "application/json" } });

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("OpenAI costs over HTTP", () => {
  it("asks for daily buckets by project, line item and API key, follows next_page, keeps every digit", async () => {
    server.use(
      http.get(COSTS, ({ request }) => {
        const page = new URL(request.url).searchParams.get("page");
        if (!page) return json(rawPage([{ start: START, results: [result("0.12000000000000001")] }], "page_two"));
        return json(
          rawPage(
            [
              {
                start: START + DAY,
                results: [
                  result('"12.50"').replace('"usd"', '"USD"'),
                  result("1.5e-7").replace("key_1", "key_2"),
                  // No amount: nothing to store.
                  `{"object":"organization.costs.result","amount":null,"line_item":null,"project_id":null}`,
                ],
              },
            ],
            null,
          ),
        );
      }),
    );
    const pages = await all(
      iterateCostsPages(client(), {
        startTime: START,
        endTime: START + 2 * DAY,
        groupBy: ["project_id", "line_item", "api_key_id"],
      }),
    );
    expect(seen).toHaveLength(2);
    expect(seen[0]!.searchParams.getAll("group_by[]")).toEqual(["project_id", "line_item", "api_key_id"]);
    expect(seen[0]!.searchParams.get("bucket_width")).toBe("1d");
    expect(seen[0]!.searchParams.get("limit")).toBe("2");
    expect(seen[1]!.searchParams.get("page")).toBe("page_two");
    const records = pages.flatMap((p) => p.records);
    expect(records.map((r) => [r.day, r.amountUsd, r.currency, r.apiKeyId])).toEqual([
      ["2025-12-06", "0.12000000000000001", "USD", "key_1"],
      ["2025-12-07", "12.50", "USD", "key_1"],
      ["2025-12-07", "0.00000015", "USD", "key_2"],
    ]);
    expect(records[0]).toMatchObject({
      provider: "openai",
      source: "costs",
      lineItem: "gpt-4o-2024-08-06, input",
      projectId: "proj_1",
    });
    expect(pages.map((p) => p.days)).toEqual([["2025-12-06"], ["2025-12-07"]]);
  });

  it("never asks for more than 180 buckets at once", async () => {
    server.use(http.get(COSTS, () => json(rawPage([], null))));
    await all(iterateCostsPages(client(), { startTime: START, endTime: START + 400 * DAY, groupBy: ["project_id"] }));
    expect(seen[0]!.searchParams.get("limit")).toBe("180");
    await expect(
      all(iterateCostsPages(client(), { startTime: START, endTime: START + DAY, groupBy: ["project_id"], limit: 181 })),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses a next_page pointing elsewhere and a repeated cursor", async () => {
    server.use(http.get(COSTS, () => json(rawPage([], "http://169.254.169.254/latest/meta-data"))));
    await expect(all(openAICostPages(client(), window(1)))).rejects.toMatchObject({ code: "UNSAFE_NEXT_PAGE" });
    expect(seen).toHaveLength(1);

    server.use(http.get(COSTS, () => json(rawPage([], "page_same"))));
    await expect(all(openAICostPages(client(), window(1)))).rejects.toThrow(/same next_page cursor twice/);
  });

  it("retries the window without api_key_id when OpenAI refuses that grouping, with a notice; the last page settles the days", async () => {
    server.use(
      http.get(COSTS, ({ request }) => {
        if (new URL(request.url).searchParams.getAll("group_by[]").includes("api_key_id")) {
          return json(
            JSON.stringify({
              error: {
                message: "Grouping costs by api_key_id is only supported from 2025-12-06.",
                type: "invalid_request_error",
                param: "group_by",
                code: "invalid_value",
              },
            }),
            400,
          );
        }
        return json(
          rawPage(
            [
              { start: START, results: [result('"1"')] },
              { start: START + DAY, results: [] },
            ],
            null,
          ),
        );
      }),
    );
    const pages: CostPage[] = await all(openAICostPages(client(), window(2)));
    expect(seen.map((u) => u.searchParams.getAll("group_by[]"))).toEqual([
      ["project_id", "line_item", "api_key_id"],
      ["project_id", "line_item"],
    ]);
    expect(pages[0]!.notice).toMatch(/would not split the cost of 2025-12-06 to 2025-12-07 by API key/);
    expect(pages[0]!.records).toHaveLength(1);
    // Page 1 reached 12-07, so 12-06 is complete there; the last page settles the rest.
    expect(pages[0]!.settledDays).toEqual(["2025-12-06"]);
    expect(pages.at(-1)).toEqual({ source: "costs", page: 2, records: [], settledDays: ["2025-12-07"] });
  });

  it("settles a day only once a later page has moved past it, each day once", async () => {
    // 12-07's lines continue from page 1 onto page 2; page 3 starts 12-08.
    const pagesByCursor: Record<string, string> = {
      "": rawPage(
        [
          { start: START, results: [result('"1"')] },
          { start: START + DAY, results: [result('"2"')] },
        ],
        "p2",
      ),
      p2: rawPage([{ start: START + DAY, results: [result('"3"').replace("key_1", "key_2")] }], "p3"),
      p3: rawPage([{ start: START + 2 * DAY, results: [result('"4"')] }], null),
    };
    server.use(
      http.get(COSTS, ({ request }) => json(pagesByCursor[new URL(request.url).searchParams.get("page") ?? ""]!)),
    );
    const pages: CostPage[] = await all(openAICostPages(client(), window(3)));
    expect(pages.map((p) => [p.records.length, p.settledDays ?? []])).toEqual([
      [2, ["2025-12-06"]],
      [1, []],
      [1, ["2025-12-07"]],
      [0, ["2025-12-08"]],
    ]);
  });

  it("does not swallow any other 400", async () => {
    server.use(
      http.get(COSTS, () =>
        json(
          JSON.stringify({
            error: { message: "Limit must be less than or equal to 180.", type: "invalid_request_error" },
          }),
          400,
        ),
      ),
    );
    const failure = await all(openAICostPages(client(), window(1))).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    expect(seen).toHaveLength(1);
  });

  it("calls a body that is not JSON malformed, without echoing it", async () => {
    server.use(http.get(COSTS, () => json("<html>bad gateway</html>")));
    await expect(all(openAICostPages(client(), window(1)))).rejects.toMatchObject({ code: "MALFORMED_RESPONSE" });
  });
});
