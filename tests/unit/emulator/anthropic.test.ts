import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sumDecimals } from "@/lib/money/decimal";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { centsText, costLines } from "../../../scripts/emulator/anthropic/prices";
import type { AnthropicTotals } from "../../../scripts/emulator/anthropic/totals";
import type { AnthropicUsageRow } from "../../../scripts/emulator/anthropic/types";
import { startSmall } from "./helpers";

const VERSION = { "anthropic-version": "2023-06-01" };
const USAGE = "/v1/organizations/usage_report/messages";
const COST = "/v1/organizations/cost_report";
const WINDOW = { starting_at: "2025-02-25T00:00:00Z", ending_at: "2025-03-22T00:00:00Z" }; // beyond both ends

interface ReportPage {
  data: Array<{ starting_at: string; ending_at: string; results: Array<Record<string, unknown>> }>;
  has_more: boolean;
  next_page: string | null;
}

function adminKey(emulator: EmulatorHandle): string {
  return emulator.dataset.anthropic!.credentials.find((c) => c.kind === "admin")!.key;
}

function call(emulator: EmulatorHandle, path: string, key: string | null, headers: Record<string, string> = VERSION) {
  return fetch(`${emulator.anthropicUrl}${path}`, { headers: { ...(key ? { "x-api-key": key } : {}), ...headers } });
}

async function allPages(emulator: EmulatorHandle, path: string, params: URLSearchParams): Promise<ReportPage[]> {
  const pages: ReportPage[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const query = new URLSearchParams(params);
    if (cursor) query.set("page", cursor);
    const response = await call(emulator, `${path}?${query}`, adminKey(emulator));
    if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
    const page = (await response.json()) as ReportPage;
    pages.push(page);
    if (!page.has_more) return pages;
    cursor = page.next_page;
  }
  throw new Error("paging did not end");
}

const results = (pages: ReportPage[]) => pages.flatMap((p) => p.data.flatMap((b) => b.results));
const sum = (rows: Array<Record<string, unknown>>, pick: (r: Record<string, unknown>) => unknown) =>
  rows.reduce((acc, r) => acc + ((pick(r) as number | undefined) ?? 0), 0);

async function truth(emulator: EmulatorHandle, query: string): Promise<AnthropicTotals> {
  const response = await fetch(`${emulator.origin}/__emulator/anthropic/totals?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as AnthropicTotals;
}

describe("Anthropic reports on the emulator", () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startSmall({ maxResultsPerPage: 7 });
  });
  afterEach(() => emulator.clearFaults());
  afterAll(() => emulator.close());

  it("pages the usage report with every group and sums exactly to the ground truth", async () => {
    const params = new URLSearchParams({ ...WINDOW, limit: "31" });
    for (const g of ["api_key_id", "workspace_id", "model", "service_tier", "context_window", "inference_geo"])
      params.append("group_by[]", g);
    const pages = await allPages(emulator, USAGE, params);
    expect(pages.length).toBeGreaterThan(5); // the 7-result cap splits days across pages
    expect(pages.at(-1)!.next_page).toBeNull();
    const rows = results(pages);
    const t = await truth(emulator, "start=2025-02-25&end=2025-03-21");
    expect(t.usage.totals.results).toBeGreaterThan(50);
    expect(rows).toHaveLength(t.usage.totals.results);
    expect(sum(rows, (r) => r.uncached_input_tokens)).toBe(t.usage.totals.uncached_input_tokens);
    expect(sum(rows, (r) => r.cache_read_input_tokens)).toBe(t.usage.totals.cache_read_input_tokens);
    const cache = (r: Record<string, unknown>) => r.cache_creation as Record<string, number>;
    expect(sum(rows, (r) => cache(r).ephemeral_5m_input_tokens)).toBe(t.usage.totals.cache_creation_5m_input_tokens);
    expect(sum(rows, (r) => cache(r).ephemeral_1h_input_tokens)).toBe(t.usage.totals.cache_creation_1h_input_tokens);
    expect(sum(rows, (r) => r.output_tokens)).toBe(t.usage.totals.output_tokens);
    const searches = (r: Record<string, unknown>) => (r.server_tool_use as Record<string, number>).web_search_requests;
    expect(sum(rows, searches)).toBe(t.usage.totals.web_search_requests);
    expect(t.usage.totals.web_search_requests).toBeGreaterThan(0);
    expect(t.usage.totals.cache_creation_1h_input_tokens).toBeGreaterThan(0);
    expect(rows.some((r) => r.workspace_id === null)).toBe(true); // the default workspace
    expect(rows.some((r) => r.api_key_id === null)).toBe(true); // Console usage
    expect(pages[0].data[0]).toMatchObject({ starting_at: "2025-02-25T00:00:00Z", ending_at: "2025-02-26T00:00:00Z" });
  });

  it("sums fields outside group_by and returns them as null", async () => {
    const page = (await (
      await call(emulator, `${USAGE}?starting_at=2025-03-10T00:00:00Z&limit=1&group_by[]=model`, adminKey(emulator))
    ).json()) as ReportPage;
    const t = await truth(emulator, "start=2025-03-10&end=2025-03-10&by=model");
    const rows = page.data[0].results;
    expect(rows.length).toBe(t.usage.groups.length);
    expect(rows.every((r) => r.workspace_id === null && r.api_key_id === null && typeof r.model === "string")).toBe(
      true,
    );
    for (const g of t.usage.groups) {
      expect(rows.find((r) => r.model === g.model)?.output_tokens).toBe(g.output_tokens);
    }
  });

  it("prices usage into the cost report: cents as decimal strings, exact, priority tier left out", async () => {
    const params = new URLSearchParams({ ...WINDOW, limit: "31" });
    params.append("group_by[]", "workspace_id");
    params.append("group_by[]", "description");
    const rows = results(await allPages(emulator, COST, params));
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((r) => typeof r.amount === "string" && r.currency === "USD")).toBe(true);
    const t = await truth(emulator, "start=2025-02-25&end=2025-03-21&by=service_tier&cost_by=day,workspace");
    expect(sumDecimals(rows.map((r) => r.amount as string))).toBe(t.cost.totals.amount_cents);
    expect(rows.some((r) => r.service_tier === "priority")).toBe(false);
    expect(t.usage.groups.find((g) => g.service_tier === "priority")?.results ?? 0).toBeGreaterThan(0);
    expect(rows.find((r) => r.token_type === "cache_creation.ephemeral_1h_input_tokens")?.description).toMatch(
      /Cache Write Tokens \(1h\)/,
    );

    // Grouped by workspace only, the day's amounts are the same money.
    const byWorkspace = (await (
      await call(
        emulator,
        `${COST}?starting_at=2025-03-11T00:00:00Z&limit=1&group_by[]=workspace_id`,
        adminKey(emulator),
      )
    ).json()) as ReportPage;
    const day = t.cost.groups.filter((g) => g.day === "2025-03-11");
    expect(byWorkspace.data[0].results.length).toBe(day.length);
    for (const g of day) {
      const served = byWorkspace.data[0].results.find((r) => r.workspace_id === (g.workspace ?? null));
      expect(served?.amount).toBe(g.amount_cents);
      expect(served?.description).toBeNull();
    }
  });

  it("publishes its price list", async () => {
    const prices = (await (await fetch(`${emulator.origin}/__emulator/anthropic/prices`)).json()) as {
      models: Array<{ model: string; standard: Record<string, string> }>;
    };
    const sonnet = prices.models.find((m) => m.model === "claude-sonnet-4-5-20250929")!;
    expect(sonnet.standard).toMatchObject({
      uncached_input_tokens: "3",
      output_tokens: "15",
      cache_read_input_tokens: "0.3",
    });
  });

  it("validates the query and the cursor", async () => {
    const key = adminKey(emulator);
    expect((await call(emulator, `${USAGE}?limit=3`, key)).status).toBe(400);
    expect((await call(emulator, `${USAGE}?starting_at=yesterday`, key)).status).toBe(400);
    expect((await call(emulator, `${USAGE}?starting_at=2025-03-01T00:00:00Z&limit=32`, key)).status).toBe(400);
    expect((await call(emulator, `${USAGE}?starting_at=2025-03-01T00:00:00Z&group_by[]=user_id`, key)).status).toBe(
      400,
    );
    expect((await call(emulator, `${COST}?starting_at=2025-03-01T00:00:00Z&group_by[]=model`, key)).status).toBe(400);
    const first = (await (
      await call(emulator, `${USAGE}?starting_at=2025-03-01T00:00:00Z&limit=1`, key)
    ).json()) as ReportPage;
    const tampered = first.next_page!.slice(0, -3) + "AAA=";
    const response = await call(
      emulator,
      `${USAGE}?starting_at=2025-03-01T00:00:00Z&limit=1&page=${encodeURIComponent(tampered)}`,
      key,
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });
});

describe("Anthropic auth, lists and faults on the emulator", () => {
  let emulator: EmulatorHandle;
  const usageUrl = `${USAGE}?starting_at=2025-03-01T00:00:00Z&limit=1`;
  beforeAll(async () => {
    emulator = await startSmall();
  });
  afterEach(() => emulator.clearFaults());
  afterAll(() => emulator.close());

  it("wants x-api-key and a known anthropic-version; a regular key is refused with 403", async () => {
    const key = adminKey(emulator);
    const bearer = await fetch(`${emulator.anthropicUrl}${usageUrl}`, {
      headers: { authorization: `Bearer ${key}`, ...VERSION },
    });
    expect(bearer.status).toBe(401);
    expect((await call(emulator, usageUrl, "sk-ant-admin01-unknown")).status).toBe(401);
    expect((await call(emulator, usageUrl, key, {})).status).toBe(400);
    expect((await call(emulator, usageUrl, key, { "anthropic-version": "2026-10-21" })).status).toBe(400);
    const regular = emulator.dataset.anthropic!.credentials.find((c) => c.kind === "standard")!.key;
    const refused = await call(emulator, usageUrl, regular);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { type: string } }).error.type).toBe("permission_error");
    expect((await call(emulator, usageUrl, key)).status).toBe(200);
  });

  it("lists workspaces, API keys (the default workspace's with workspace_id null) and users with after_id", async () => {
    const key = adminKey(emulator);
    const org = emulator.dataset.anthropic!.organizations[0];
    const first = (await (await call(emulator, "/v1/organizations/api_keys?limit=2", key)).json()) as {
      data: Array<{ id: string; workspace_id: string | null }>;
      has_more: boolean;
      last_id: string;
    };
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const rest = (await (
      await call(emulator, `/v1/organizations/api_keys?limit=100&after_id=${first.last_id}`, key)
    ).json()) as {
      data: Array<{ id: string; workspace_id: string | null }>;
    };
    expect([...first.data, ...rest.data].map((k) => k.id)).toEqual(org.apiKeys.map((k) => k.id));
    expect(org.apiKeys.some((k) => k.workspace_id === null)).toBe(true);
    const workspaces = (await (await call(emulator, "/v1/organizations/workspaces", key)).json()) as {
      data: Array<{ id: string }>;
    };
    expect(workspaces.data.map((w) => w.id)).toEqual(org.workspaces.map((w) => w.id));
    expect(workspaces.data.every((w) => w.id.startsWith("wrkspc_"))).toBe(true);
    const users = (await (await call(emulator, "/v1/organizations/users", key)).json()) as {
      data: Array<{ email: string }>;
    };
    expect(users.data.length).toBe(org.users.length);
    expect((await call(emulator, "/v1/organizations/workspaces?limit=1001", key)).status).toBe(400);
  });

  it("overloaded: 529 in Anthropic's shape, per key (count-limited) or per request", async () => {
    const key = adminKey(emulator);
    emulator.addFault({ key, fault: "overloaded", count: 1 });
    const first = await call(emulator, usageUrl, key);
    expect(first.status).toBe(529);
    expect(await first.json()).toEqual({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    expect((await call(emulator, usageUrl, key)).status).toBe(200);
    const perRequest = await call(emulator, usageUrl, key, { ...VERSION, "x-emulator-fault": "overloaded" });
    expect(perRequest.status).toBe(529);
    expect(emulator.requestLog.at(-1)).toMatchObject({
      status: 529,
      fault: "overloaded",
      key: `sk-...${key.slice(-4)}`,
    });
  });

  it.each([
    ["rate_limit", 429, "rate_limit_error"],
    ["server_error", 500, "api_error"],
    ["forbidden", 403, "permission_error"],
    ["unauthorized", 401, "authentication_error"],
  ] as const)("%s answers %i %s", async (fault, status, type) => {
    const key = adminKey(emulator);
    emulator.addFault({ key, fault, count: 1, retryAfterSeconds: 4 });
    const response = await call(emulator, usageUrl, key);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(type);
    if (fault === "rate_limit") expect(response.headers.get("retry-after")).toBe("4");
  });

  it("foreign_next_page, malformed_json and truncated alter the report body", async () => {
    const key = adminKey(emulator);
    emulator.setFaults([
      { key, fault: "foreign_next_page", count: 1 },
      { key, fault: "malformed_json", count: 1 },
      { key, fault: "truncated", count: 1 },
    ]);
    const foreign = (await (await call(emulator, usageUrl, key)).json()) as ReportPage;
    expect(foreign).toMatchObject({ has_more: true, next_page: "http://169.254.169.254/latest/meta-data" });
    expect((await (await call(emulator, usageUrl, key)).text()).startsWith("<html>")).toBe(true);
    const truncated = await (await call(emulator, usageUrl, key)).text();
    expect(() => JSON.parse(truncated)).toThrow();
  });

  it("accepts extra Anthropic keys, optionally failing for good", async () => {
    emulator.registerKey({
      key: "sk-ant-admin01-extra-broken",
      provider: "anthropic",
      kind: "admin",
      fault: "overloaded",
    });
    expect((await call(emulator, usageUrl, "sk-ant-admin01-extra-broken")).status).toBe(529);
    const credentials = (await (await fetch(`${emulator.origin}/__emulator/credentials`)).json()) as {
      anthropic: { organizations: Array<{ admin_keys: string[] }> };
    };
    expect(credentials.anthropic.organizations[0].admin_keys).toContain("sk-ant-admin01-extra-broken");
  });
});

describe("the emulator's price list applied to one usage row", () => {
  const row = (extra: Partial<AnthropicUsageRow> = {}): AnthropicUsageRow => ({
    api_key_id: "apikey_1",
    workspace_id: null,
    model: "claude-sonnet-4-5-20250929",
    service_tier: "standard",
    context_window: "0-200k",
    inference_geo: "global",
    uncached_input_tokens: 1_000_000,
    cache_read_input_tokens: 1_000_000,
    cache_creation_5m_input_tokens: 1_000_000,
    cache_creation_1h_input_tokens: 1_000_000,
    output_tokens: 1_000_000,
    web_search_requests: 3,
    ...extra,
  });
  const amounts = (r: AnthropicUsageRow) =>
    Object.fromEntries(costLines(r).map((l) => [l.token_type ?? l.cost_type, centsText(l.units)]));

  it("charges Sonnet 4.5 list prices in cents: $3 in, $15 out, 0.1x reads, 1.25x and 2x writes, 1 cent a search", () => {
    expect(amounts(row())).toEqual({
      uncached_input_tokens: "300",
      output_tokens: "1500",
      cache_read_input_tokens: "30",
      "cache_creation.ephemeral_5m_input_tokens": "375",
      "cache_creation.ephemeral_1h_input_tokens": "600",
      web_search: "3",
    });
  });

  it("halves batch, uses long-context prices over 200k, keeps fractions of a cent, and bills no priority", () => {
    expect(amounts(row({ service_tier: "batch", web_search_requests: 0 })).output_tokens).toBe("750");
    expect(amounts(row({ context_window: "200k-1M" })).output_tokens).toBe("2250");
    expect(amounts(row({ model: "claude-haiku-4-5-20251001", uncached_input_tokens: 7 })).uncached_input_tokens).toBe(
      "0.0007",
    );
    expect(costLines(row({ service_tier: "priority" }))).toEqual([]);
  });
});
