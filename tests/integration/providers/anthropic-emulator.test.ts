import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle, type FaultMode } from "../../../scripts/emulator/server";
import type { AnthropicTotals } from "../../../scripts/emulator/anthropic/totals";
import { buildConfig, type AppConfig } from "@/lib/env";
import { sumDecimals } from "@/lib/money/decimal";
import type { ProviderSession, ProviderWindow } from "@/lib/providers/adapter";
import { getProviderAdapter } from "@/lib/providers/registry";
import { ProviderError, type NormalizedCostRecord, type ProviderUsageRecord } from "@/lib/providers/types";

const END = "2026-09-30";
const DAY_MS = 86_400_000;
const FIRST = new Date(Date.parse(`${END}T00:00:00Z`) - 39 * DAY_MS);
const WINDOW: ProviderWindow = {
  start: FIRST,
  end: new Date(Date.parse(`${END}T00:00:00Z`) + DAY_MS),
  days: Array.from({ length: 40 }, (_, i) => new Date(FIRST.getTime() + i * DAY_MS).toISOString().slice(0, 10)),
};

let emulator: EmulatorHandle;
let config: AppConfig;
let truth: AnthropicTotals;
const sleeps: number[] = [];

function connect(apiKey: string, observer?: { onRequest(): void }): ProviderSession {
  const adapter = getProviderAdapter("anthropic");
  return adapter.connect(adapter.keyInput.parse({ apiKey }), {
    config,
    observer,
    retry: { sleep: async (ms) => void sleeps.push(ms) },
  });
}

const adminKey = () => emulator.dataset.anthropic!.credentials.find((c) => c.kind === "admin")!.key;

async function collect<T>(pages: AsyncIterable<{ records: T[] }>): Promise<{ records: T[]; pages: number }> {
  const records: T[] = [];
  let count = 0;
  for await (const page of pages) {
    records.push(...page.records);
    count++;
  }
  return { records, pages: count };
}

beforeAll(async () => {
  emulator = await startEmulator({
    dataset: generateDataset({
      seed: 1010,
      projects: 6,
      apiKeysPerProject: 4,
      users: 8,
      models: 5,
      days: 50,
      endDate: END,
      density: 0.5,
    }),
    port: 0,
    maxResultsPerPage: 40,
  });
  config = buildConfig({
    NODE_ENV: "test",
    ANTHROPIC_API_BASE_URL: getProviderAdapter("anthropic").emulatorBaseUrl(emulator.origin),
    ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: "60000",
    ANTHROPIC_ADMIN_MAX_BURST: "1000",
    PROVIDER_MAX_ATTEMPTS: "3",
    PROVIDER_REQUEST_TIMEOUT_MS: "5000",
  });
  const response = await fetch(
    `${emulator.origin}/__emulator/anthropic/totals?start=${WINDOW.days[0]}&end=${END}&by=day,workspace,model&cost_by=day,workspace`,
  );
  truth = (await response.json()) as AnthropicTotals;
});
afterAll(() => emulator?.close());

describe("Anthropic adapter against the emulator over HTTP, 40-day window", () => {
  it("pages the usage report and its token sums equal the ground truth exactly, per day, workspace and model", async () => {
    let requests = 0;
    const { records, pages } = await collect<ProviderUsageRecord>(
      connect(adminKey(), { onRequest: () => void requests++ }).usagePages(WINDOW),
    );
    expect(pages).toBeGreaterThan(2);
    expect(requests).toBe(pages);
    expect(records.length).toBeGreaterThan(100);
    expect(records.every((r) => r.requests === null && r.provider === "anthropic")).toBe(true);

    const total = (pick: (r: ProviderUsageRecord) => number | undefined) =>
      records.reduce((acc, r) => acc + (pick(r) ?? 0), 0);
    const t = truth.usage.totals;
    expect(total((r) => r.inputTokens)).toBe(t.input_tokens);
    expect(total((r) => r.uncachedInputTokens)).toBe(t.uncached_input_tokens);
    expect(total((r) => r.cachedInputTokens)).toBe(t.cache_read_input_tokens);
    expect(total((r) => r.cacheWrite5mTokens)).toBe(t.cache_creation_5m_input_tokens);
    expect(total((r) => r.cacheWrite1hTokens)).toBe(t.cache_creation_1h_input_tokens);
    expect(total((r) => r.outputTokens)).toBe(t.output_tokens);
    expect(total((r) => r.webSearchRequests)).toBe(t.web_search_requests);

    const key = (day: string, workspace: string | null, model: string | null) =>
      JSON.stringify([day, workspace, model]);
    const stored = new Map<string, { input: number; output: number }>();
    for (const r of records) {
      const k = key(r.windowStart.toISOString().slice(0, 10), r.projectId, r.model);
      const s = stored.get(k) ?? { input: 0, output: 0 };
      s.input += r.inputTokens;
      s.output += r.outputTokens;
      stored.set(k, s);
    }
    expect(truth.usage.groups.length).toBeGreaterThan(50);
    expect(stored.size).toBe(truth.usage.groups.length);
    for (const g of truth.usage.groups) {
      expect(stored.get(key(g.day!, g.workspace ?? null, g.model ?? null)), JSON.stringify(g)).toEqual({
        input: g.input_tokens,
        output: g.output_tokens,
      });
    }
  });

  it("pages the cost report and its exact USD strings add up to the ground truth, per day and workspace", async () => {
    const { records, pages } = await collect<NormalizedCostRecord>(connect(adminKey()).costPages!(WINDOW));
    expect(pages).toBeGreaterThan(1);
    expect(records.length).toBeGreaterThan(100);
    expect(records.every((r) => typeof r.amountUsd === "string" && r.currency === "USD")).toBe(true);
    expect(sumDecimals(records.map((r) => r.amountUsd))).toBe(truth.cost.totals.amount_usd);

    const byDayWorkspace = new Map<string, string[]>();
    for (const r of records) {
      const k = JSON.stringify([r.day, r.projectId]);
      byDayWorkspace.set(k, [...(byDayWorkspace.get(k) ?? []), r.amountUsd]);
    }
    expect(byDayWorkspace.size).toBe(truth.cost.groups.length);
    for (const g of truth.cost.groups) {
      expect(sumDecimals(byDayWorkspace.get(JSON.stringify([g.day, g.workspace ?? null])) ?? [])).toBe(g.amount_usd);
    }
  });

  it("lists names through the SDK on our paced fetch, tests the key, and a second run reads the same", async () => {
    const session = connect(adminKey());
    const catalog = await session.catalog!();
    const org = emulator.dataset.anthropic!.organizations[0];
    expect(catalog.filter((e) => e.kind === "project").map((e) => e.name)).toEqual(org.workspaces.map((w) => w.name));
    expect(catalog.filter((e) => e.kind === "api_key")).toHaveLength(org.apiKeys.length);
    expect(catalog.filter((e) => e.kind === "user")).toHaveLength(org.users.length);
    expect(await session.testKey()).toMatchObject({ ok: true });

    const again = await collect<ProviderUsageRecord>(connect(adminKey()).usagePages(WINDOW));
    expect(again.records.reduce((a, r) => a + r.inputTokens, 0)).toBe(truth.usage.totals.input_tokens);
  });

  it("rides out 429 (waiting its retry-after) and 529 and still sums exactly", async () => {
    sleeps.length = 0;
    emulator.setFaults([
      { key: adminKey(), fault: "rate_limit", count: 1, retryAfterSeconds: 2 },
      { key: adminKey(), fault: "overloaded", count: 1 },
    ]);
    const { records } = await collect<ProviderUsageRecord>(connect(adminKey()).usagePages(WINDOW));
    emulator.clearFaults();
    expect(sleeps[0]).toBe(2000);
    expect(sleeps).toHaveLength(2);
    expect(records.reduce((a, r) => a + r.outputTokens, 0)).toBe(truth.usage.totals.output_tokens);
  });

  it.each([
    ["unauthorized", "AUTH_FAILED"],
    ["forbidden", "PERMISSION_DENIED"],
    ["overloaded", "UPSTREAM_ERROR"],
    ["malformed_json", "MALFORMED_RESPONSE"],
    ["foreign_next_page", "UNSAFE_NEXT_PAGE"],
  ] as [FaultMode, string][])("a key stuck on %s ends with %s; a good key still reads", async (fault, code) => {
    const broken = `sk-ant-admin01-broken-${fault}`;
    emulator.registerKey({ key: broken, provider: "anthropic", kind: "admin", fault });
    const error = await collect(connect(broken).usagePages(WINDOW)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe(code);
    expect((error as ProviderError).message).not.toContain(broken);
    const good = await collect<ProviderUsageRecord>(connect(adminKey()).usagePages(WINDOW));
    expect(good.records.reduce((a, r) => a + r.inputTokens, 0)).toBe(truth.usage.totals.input_tokens);
  });
});
