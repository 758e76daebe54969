import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, HttpResponse, type JsonBodyType } from "msw";
import { setupServer } from "msw/node";
import { buildConfig } from "@/lib/env";
import { sumDecimals } from "@/lib/money/decimal";
import type { ProviderWindow } from "@/lib/providers/adapter";
import { getProviderAdapter } from "@/lib/providers/registry";
import type { NormalizedCostRecord, ProviderUsageRecord } from "@/lib/providers/types";

// The spike fixtures for Anthropic, replayed through the adapter exactly as served.
const DIR = "spikes/fixtures/anthropic";
const fixture = (name: string): JsonBodyType => JSON.parse(readFileSync(`${DIR}/${name}`, "utf8"));
const BASE = "https://anthropic.fixtures.test";
const ORG = `${BASE}/v1/organizations`;

const server = setupServer(
  http.get(`${ORG}/usage_report/messages`, ({ request }) => {
    const page = new URL(request.url).searchParams.get("page");
    if (page === null) return HttpResponse.json(fixture("usage_report.json"));
    if (page === "page_MjAyNS0wOC0wM1QwMDowMDowMFo=") return HttpResponse.json(fixture("usage_report_page2.json"));
    return HttpResponse.json(
      { type: "error", error: { type: "invalid_request_error", message: "bad page" } },
      { status: 400 },
    );
  }),
  http.get(`${ORG}/cost_report`, () => HttpResponse.json(fixture("cost_report.json"))),
  http.get(`${ORG}/workspaces`, () => HttpResponse.json(fixture("workspaces.json"))),
  http.get(`${ORG}/api_keys`, () => HttpResponse.json(fixture("api_keys.json"))),
  http.get(`${ORG}/users`, () => HttpResponse.json(fixture("users.json"))),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const WINDOW: ProviderWindow = {
  start: new Date("2025-08-01T00:00:00Z"),
  end: new Date("2025-08-05T00:00:00Z"),
  days: ["2025-08-01", "2025-08-02", "2025-08-03", "2025-08-04"],
};

function session() {
  const adapter = getProviderAdapter("anthropic");
  const config = buildConfig({
    NODE_ENV: "test",
    ANTHROPIC_API_BASE_URL: BASE,
    ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: "60000",
  });
  return adapter.connect(adapter.keyInput.parse({ apiKey: "sk-ant-admin01-fixture-replay" }), { config });
}

async function all<T>(pages: AsyncIterable<{ records: T[] }>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...p.records);
  return out;
}

describe("Anthropic spike fixtures through the adapter", () => {
  it("usage: both pages, the documented mapping and totals (hand-summed from the fixture)", async () => {
    const records = await all<ProviderUsageRecord>(session().usagePages(WINDOW));
    expect(records).toHaveLength(6);
    const sum = (pick: (r: ProviderUsageRecord) => number | undefined) =>
      records.reduce((a, r) => a + (pick(r) ?? 0), 0);
    expect(sum((r) => r.inputTokens)).toBe(490_495);
    expect(sum((r) => r.uncachedInputTokens)).toBe(296_020);
    expect(sum((r) => r.cachedInputTokens)).toBe(180_900);
    expect(sum((r) => r.cacheWrite5mTokens)).toBe(12_550);
    expect(sum((r) => r.cacheWrite1hTokens)).toBe(1_025);
    expect(sum((r) => r.outputTokens)).toBe(17_830);
    expect(sum((r) => r.webSearchRequests)).toBe(12);
    const consoleRow = records.find((r) => r.apiKeyId === null)!;
    expect(consoleRow).toMatchObject({ projectId: null, inputTokens: 820, inferenceGeo: null, webSearchRequests: 0 });
    expect(records.map((r) => r.serviceTier)).toContain("priority");
    expect(records.find((r) => r.contextWindow === "200k-1M")?.inputTokens).toBe(442_000);
  });

  it("cost: cents strings become exact dollars, the default workspace stays null", async () => {
    const records = await all<NormalizedCostRecord>(session().costPages!(WINDOW));
    expect(records.map((r) => r.amountUsd)).toEqual(["1.234567", "0.0001", "0.1", "25", "0.00000001"]);
    expect(sumDecimals(records.map((r) => r.amountUsd))).toBe("26.33466701");
    expect(records[1].projectId).toBeNull();
    expect(records[4]).toMatchObject({ costType: "code_execution", model: null, tokenType: null, day: "2025-08-02" });
  });

  it("catalog: workspaces, keys (either workspace field) and users, with fallbacks for empty names", async () => {
    const entries = await session().catalog!();
    expect(entries.map((e) => [e.kind, e.name])).toEqual([
      ["project", "Support Copilot"],
      ["project", "Research (archived)"],
      ["api_key", "Support production"],
      ["api_key", "Nightly batch"],
      ["api_key", "apikey_01Vx3Tm9QpZs2Lw8Hk4Nd6Ja"],
      ["user", "Ada Okafor"],
      ["user", "ben.schmidt@acme-robotics.example.com"],
    ]);
    expect(entries[3].details).toMatchObject({ workspaceId: "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ" });
  });
});
