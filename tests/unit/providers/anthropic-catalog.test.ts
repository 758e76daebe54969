import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import {
  anthropicAdapter,
  createAnthropicClient,
  DEFAULT_WORKSPACE_LABEL,
  fetchAnthropicCatalog,
  testAnthropicKey,
  type AnthropicClient,
} from "@/lib/providers/anthropic";
import { resetCredentialBuckets } from "@/lib/rate-limit/policies";
import { ProviderError } from "@/lib/providers/types";

const KEY = "sk-ant-admin01-catalog-test-not-real";
const BASE = "https://anthropic.test";
const ORG = `${BASE}/v1/organizations`;

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

function client(apiKey = KEY): AnthropicClient {
  return createAnthropicClient({
    apiKey,
    baseUrl: BASE,
    credentialId: "cred_anthropic_catalog",
    pacing: { requestsPerMinute: 60_000, burst: 1000 },
    retry: { sleep: async (ms) => void sleeps.push(ms), maxAttempts: 3, random: () => 0 },
  });
}

/** A list endpoint paging with after_id, two items per page. */
function list(items: Array<Record<string, unknown>>) {
  return ({ request }: { request: Request }) => {
    const after = new URL(request.url).searchParams.get("after_id");
    const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
    const data = items.slice(start, start + 2);
    return HttpResponse.json({
      data,
      has_more: start + 2 < items.length,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
    });
  };
}

const workspaces = [
  { id: "wrkspc_a", type: "workspace", name: "Support", created_at: "2025-01-01T00:00:00Z", archived_at: null },
  { id: "wrkspc_b", type: "workspace", name: "Batch jobs", archived_at: "2025-02-01T00:00:00Z", display_color: "#fff" },
  { id: "wrkspc_c", type: "workspace", name: null },
];
const apiKeys = [
  {
    id: "apikey_1",
    type: "api_key",
    name: "Prod",
    workspace_id: "wrkspc_a",
    partial_key_hint: "sk-ant-api03-R2D...igAA",
  },
  { id: "apikey_2", type: "api_key", name: "Console", workspace_id: null, status: "active" },
  { id: "apikey_3", type: "api_key", name: "", scope: { type: "workspace", workspace_id: "wrkspc_b" } },
];
const users = [{ id: "user_1", type: "user", name: "Ada Okafor", email: "ada@example.com", role: "admin" }];

describe("Anthropic names catalog (official SDK on our paced fetch)", () => {
  it("lists workspaces, API keys and users across pages with our headers", async () => {
    server.use(
      http.get(`${ORG}/workspaces`, list(workspaces)),
      http.get(`${ORG}/api_keys`, list(apiKeys)),
      http.get(`${ORG}/users`, list(users)),
    );
    const entries = await fetchAnthropicCatalog(client());
    expect(entries.map((e) => `${e.kind}:${e.externalId}:${e.name}`)).toEqual([
      "project:wrkspc_a:Support",
      "project:wrkspc_b:Batch jobs",
      "project:wrkspc_c:wrkspc_c",
      "api_key:apikey_1:Prod",
      "api_key:apikey_2:Console",
      "api_key:apikey_3:apikey_3",
      "user:user_1:Ada Okafor",
    ]);
    const keyDetails = entries.filter((e) => e.kind === "api_key").map((e) => e.details?.workspaceId);
    expect(keyDetails).toEqual(["wrkspc_a", null, "wrkspc_b"]);
    expect(entries.find((e) => e.externalId === "user_1")?.details).toEqual({
      email: "ada@example.com",
      role: "admin",
    });

    expect(seen.map((u) => `${u.pathname}?${u.searchParams.get("after_id") ?? ""}`)).toEqual([
      "/v1/organizations/workspaces?",
      "/v1/organizations/workspaces?wrkspc_b",
      "/v1/organizations/api_keys?",
      "/v1/organizations/api_keys?apikey_2",
      "/v1/organizations/users?",
    ]);
    expect(seen[0].searchParams.get("include_archived")).toBe("true");
    for (const h of headers) {
      expect(h.get("x-api-key")).toBe(KEY);
      // This SDK would send the key as a Bearer token; the Admin API takes x-api-key only.
      expect(h.get("authorization")).toBeNull();
      // The SDK's own default version is overridden: one API version for every call we make.
      expect(h.get("anthropic-version")).toBe("2023-06-01");
    }
  });

  it("leaves retries to our policy: a 429 is waited out once by us, never re-sent by the SDK", async () => {
    let calls = 0;
    server.use(
      http.get(`${ORG}/workspaces`, (info) =>
        ++calls === 1
          ? HttpResponse.json(
              { type: "error", error: { type: "rate_limit_error", message: "slow down" } },
              { status: 429, headers: { "retry-after": "2" } },
            )
          : list(workspaces)(info),
      ),
      http.get(`${ORG}/api_keys`, list([])),
      http.get(`${ORG}/users`, list([])),
    );
    await fetchAnthropicCatalog(client());
    expect(sleeps).toEqual([2000]);
    expect(seen.filter((u) => u.pathname.endsWith("/workspaces"))).toHaveLength(3);
    expect(headers.every((h) => h.get("x-stainless-retry-count") === "0")).toBe(true);
  });

  it.each([
    [401, "AUTH_FAILED"],
    [403, "PERMISSION_DENIED"],
  ])("surfaces a %i as our %s (not the SDK's wrapper), after one request", async (status, code) => {
    server.use(
      http.get(`${ORG}/workspaces`, () =>
        HttpResponse.json({ type: "error", error: { type: "x", message: "denied" } }, { status }),
      ),
    );
    const e = await fetchAnthropicCatalog(client()).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).code).toBe(code);
    expect((e as ProviderError).message).not.toContain(KEY);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ["HTML", () => new HttpResponse("<html>bad gateway</html>", { status: 200 })],
    ["a JSON body without data", () => HttpResponse.json({ workspaces: [] })],
  ])("refuses %s as a list instead of reading it as an empty page", async (_what, reply) => {
    server.use(http.get(`${ORG}/workspaces`, reply));
    await expect(fetchAnthropicCatalog(client())).rejects.toMatchObject({
      code: "MALFORMED_RESPONSE",
      message: expect.stringMatching(/\/v1\/organizations\/workspaces in an unexpected shape/),
    });
  });

  it("refuses an item without an id and a page that claims more without a cursor", async () => {
    server.use(http.get(`${ORG}/workspaces`, () => HttpResponse.json({ data: [{ name: "no id" }], has_more: false })));
    await expect(fetchAnthropicCatalog(client())).rejects.toMatchObject({ code: "MALFORMED_RESPONSE" });
    server.resetHandlers(
      http.get(`${ORG}/workspaces`, () => HttpResponse.json({ data: [], has_more: true, last_id: null })),
    );
    await expect(fetchAnthropicCatalog(client())).rejects.toMatchObject({
      code: "MALFORMED_RESPONSE",
      message: expect.stringMatching(/no new cursor/),
    });
  });

  it("labels the default workspace, whose id is null", () => {
    expect(DEFAULT_WORKSPACE_LABEL).toBe("Default workspace");
    expect(anthropicAdapter.nullProjectLabel).toBe("Default workspace");
  });
});

describe("testAnthropicKey", () => {
  const usage = `${ORG}/usage_report/messages`;
  const now = () => Date.parse("2025-03-10T15:00:00Z");

  it("makes one cheap request for yesterday and says it works", async () => {
    server.use(
      http.get(usage, () =>
        HttpResponse.json({
          data: [{ starting_at: "2025-03-09T00:00:00Z", ending_at: "2025-03-10T00:00:00Z", results: [] }],
          has_more: true,
          next_page: "page_more",
        }),
      ),
    );
    const result = await testAnthropicKey(client(), { keyLooksAdmin: true, now });
    expect(result).toEqual({ ok: true, detail: expect.stringMatching(/^Admin key works/) });
    expect(seen).toHaveLength(1);
    expect(seen[0].searchParams.get("starting_at")).toBe("2025-03-09T00:00:00Z");
    expect(seen[0].searchParams.get("limit")).toBe("1");
    expect(seen[0].searchParams.getAll("group_by[]")).toEqual([]);
  });

  it.each([
    [401, true, "AUTH_FAILED", /^Invalid key/],
    [401, false, "AUTH_FAILED", /^Not an Admin key/],
    [403, false, "PERMISSION_DENIED", /^Not an Admin key/],
    [403, true, "PERMISSION_DENIED", /^No access/],
  ])("answers %i (admin-shaped key: %s) in plain words", async (status, keyLooksAdmin, code, words) => {
    server.use(http.get(usage, () => HttpResponse.json({ type: "error", error: { message: "x" } }, { status })));
    const result = await testAnthropicKey(client(), { keyLooksAdmin, now });
    expect(result).toEqual({ ok: false, code, message: expect.stringMatching(words) });
  });
});
