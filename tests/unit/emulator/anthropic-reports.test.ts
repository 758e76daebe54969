import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sumDecimals } from "@/lib/money/decimal";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { centsText, costLines } from "../../../scripts/emulator/anthropic/prices";
import type { AnthropicUsageRow } from "../../../scripts/emulator/anthropic/types";
import {
  allPages,
  anthropicAdminKey as adminKey,
  call,
  COST,
  results,
  sum,
  truth,
  USAGE,
  WINDOW,
  type ReportPage,
} from "./anthropic-helpers";
import { startSmall } from "./helpers";

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
