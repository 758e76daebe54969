/**
 * iterateAllAdminUsage at the HTTP layer (msw): every endpoint in turn with its own group_by, a 403
 * on a later endpoint becomes an issue while the rest still come, a 403 on completions or any
 * other failure still ends the key.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { UsagePage } from "@/lib/providers/adapter";
import { createOpenAIClient, iterateAllAdminUsage } from "@/lib/providers/openai";
import { USAGE_ENDPOINT_SPECS } from "@/lib/providers/openai/usage-endpoints";
import { resetCredentialBuckets } from "@/lib/rate-limit/policies";
import { ProviderError, USAGE_ENDPOINTS } from "@/lib/providers/types";

const BASE = "https://openai.test/v1";
const START = 1730419200;
const WINDOW = { start: new Date(START * 1000), end: new Date((START + 86_400) * 1000) };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => resetCredentialBuckets());

let seen: URL[] = [];
beforeEach(() => {
  seen = [];
  server.events.removeAllListeners();
  server.events.on("request:start", ({ request }) => void seen.push(new URL(request.url)));
});

const client = () =>
  createOpenAIClient({
    apiKey: "test-admin-key-not-real",
    baseUrl: BASE,
    credentialId: "cred_all_usage",
    pacing: { requestsPerMinute: 60_000, burst: 1000 },
    retry: { sleep: async () => {}, maxAttempts: 2 },
  });

const forbidden = () =>
  HttpResponse.json(
    { error: { message: "You have insufficient permissions for this operation.", type: "invalid_request_error" } },
    { status: 403 },
  );

/** One result per endpoint (minimal required counters), one bucket, no further page. */
function servesAll(fail: Record<string, () => Response> = {}) {
  server.use(
    http.get(`${BASE}/organization/usage/:endpoint`, ({ params }) => {
      const endpoint = String(params.endpoint);
      if (fail[endpoint]) return fail[endpoint]();
      const result =
        endpoint === "completions"
          ? { input_tokens: 5, output_tokens: 1, num_model_requests: 1 }
          : endpoint === "vector_stores"
            ? { usage_bytes: 10 }
            : endpoint === "code_interpreter_sessions"
              ? { num_sessions: 1 }
              : endpoint === "images"
                ? { images: 1, num_model_requests: 1 }
                : endpoint === "audio_speeches"
                  ? { characters: 1, num_model_requests: 1 }
                  : endpoint === "audio_transcriptions"
                    ? { seconds: 1, num_model_requests: 1 }
                    : { input_tokens: 1, num_model_requests: 1, num_requests: 1 };
      return HttpResponse.json({
        object: "page",
        data: [{ object: "bucket", start_time: START, end_time: START + 86_400, results: [result] }],
        has_more: false,
        next_page: null,
      });
    }),
  );
}

async function collect(): Promise<UsagePage[]> {
  const pages: UsagePage[] = [];
  for await (const p of iterateAllAdminUsage(client(), WINDOW)) pages.push(p);
  return pages;
}

describe("iterateAllAdminUsage", () => {
  it("reads every endpoint in order, each with the group_by values it accepts", async () => {
    servesAll();
    const pages = await collect();
    expect(pages.map((p) => p.source)).toEqual([...USAGE_ENDPOINTS]);
    expect(pages.every((p) => p.records.length === 1 && p.records[0]!.endpoint === p.source)).toBe(true);
    expect(seen.map((u) => u.pathname.split("/").at(-1))).toEqual([...USAGE_ENDPOINTS]);
    for (const url of seen) {
      const endpoint = url.pathname.split("/").at(-1) as (typeof USAGE_ENDPOINTS)[number];
      expect(url.searchParams.getAll("group_by")).toEqual([...USAGE_ENDPOINT_SPECS[endpoint].groupBy]);
      expect(url.searchParams.get("start_time")).toBe(String(START));
    }
  });

  it("turns a 403 on one later endpoint into an issue page and goes on with the rest", async () => {
    servesAll({ images: forbidden });
    const pages = await collect();
    expect(pages.map((p) => p.source)).toEqual([...USAGE_ENDPOINTS]);
    const images = pages.find((p) => p.source === "images")!;
    expect(images.records).toEqual([]);
    expect(images.issue?.code).toBe("USAGE_ENDPOINT_DENIED");
    expect(images.issue?.message).toMatch(/images usage \(403\)/);
    expect(pages.filter((p) => p.issue)).toHaveLength(1);
    expect(pages.find((p) => p.source === "file_search_calls")!.records).toHaveLength(1);
  });

  it("a 403 on completions still ends the key before any other endpoint is asked", async () => {
    servesAll({ completions: forbidden });
    await expect(collect()).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
    expect(seen).toHaveLength(1);
  });

  it("other failures on a later endpoint are not swallowed", async () => {
    servesAll({ audio_speeches: () => HttpResponse.json({ error: { message: "boom" } }, { status: 500 }) });
    const error = await collect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("UPSTREAM_ERROR");
  });
});
