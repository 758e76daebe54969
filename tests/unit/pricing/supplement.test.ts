import { describe, expect, it } from "vitest";
import { priceUsageRow, type PriceableUsage } from "@/lib/pricing";
import { resolveEffectivePrice } from "@/lib/pricing/effective";
import { libraryModelPrice } from "@/lib/pricing/library";
import { SUPPLEMENT_PRICES, supplementPrices } from "@/lib/pricing/supplement";
import type { PriceMap } from "@/lib/pricing/token-cost";

const DAY = "2025-10-01";
const usage = (over: Partial<PriceableUsage>): PriceableUsage => ({
  provider: "openai",
  model: "gpt-4o-audio-preview-2024-12-17",
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  requests: 10,
  batch: false,
  serviceTier: null,
  ...over,
});

/** A model name the library maps to each fine-tuned id (the bare id is not a model name). */
const SAMPLE: Record<string, string> = {
  "ft:gpt-4o": "ft:gpt-4o-2024-08-06:acme:x:1",
  "ft:gpt-4o-mini": "ft:gpt-4o-mini-2024-07-18:acme:x:1",
};

describe("prices the library lacks (the supplement table)", () => {
  it("prices gpt-4o-audio-preview's audio tokens at the audio rates, never as text", () => {
    const row = usage({
      inputTokens: 1_000_000,
      cachedInputTokens: 100_000,
      inputAudioTokens: 300_000,
      outputTokens: 500_000,
      outputAudioTokens: 200_000,
    });
    // text in 700k x $2.50 (cached included: the model has no cached price) + audio in 300k x $40
    // + text out 300k x $10 + audio out 200k x $80, per 1M. As text it would be $7.50.
    expect(priceUsageRow(row, DAY)).toBe("32.75");
    expect(priceUsageRow(usage({ inputTokens: 1_000_000, outputTokens: 500_000 }), DAY)).toBe("7.5");
  });

  it("adds Claude Sonnet 4's long-context tier and the fine-tuned models' cached-input prices", () => {
    const sonnet = usage({
      provider: "anthropic",
      model: "claude-sonnet-4-20250514",
      inputTokens: 1_000_000,
      outputTokens: 100_000,
      requests: null,
    });
    expect(priceUsageRow({ ...sonnet, contextWindow: "200k-1M" }, DAY)).toBe("8.25"); // $6 + $2.25
    expect(priceUsageRow({ ...sonnet, contextWindow: "0-200k" }, DAY)).toBe("4.5"); // $3 + $1.50
    const ft = usage({
      model: "ft:gpt-4o-mini-2024-07-18:acme:x:1",
      inputTokens: 1_000_000,
      cachedInputTokens: 500_000,
    });
    expect(priceUsageRow(ft, DAY)).toBe("0.225"); // 500k x $0.30 + 500k x $0.15
  });

  it("never replaces a price the library has", () => {
    const mine: PriceMap = { input_mtok: 2.5, input_audio_mtok: 50, output_mtok: { base: 10, tiers: [] } };
    const { prices, used } = supplementPrices("openai", "gpt-4o-audio-preview", mine);
    expect(prices.input_audio_mtok).toBe(50);
    expect(prices.output_audio_mtok).toBe("80");
    expect(used.map((r) => r.priceKey)).toEqual(["output_audio_mtok"]);
    const tiered = supplementPrices("anthropic", "claude-sonnet-4-0", {
      input_mtok: { base: 3, tiers: [{ start: 200_000, price: 7 }] },
      output_mtok: 15,
    });
    expect(tiered.prices.input_mtok).toEqual({ base: 3, tiers: [{ start: 200_000, price: 7 }] });
    expect(tiered.prices.output_mtok).toEqual({ base: 15, tiers: [{ start: 200_000, price: "22.5" }] });
    expect(supplementPrices("openai", "gpt-4o", mine)).toEqual({ prices: mine, used: [] });
  });

  it("has a source and date on every row, and every row still fills a gap of the bundled library", () => {
    expect(SUPPLEMENT_PRICES.length).toBeGreaterThan(0);
    for (const row of SUPPLEMENT_PRICES) {
      const label = `${row.provider} ${row.libraryModel} ${row.priceKey}`;
      expect(row.sourceUrl, label).toMatch(/^https:\/\/(platform\.openai\.com|docs\.anthropic\.com)\//);
      expect(row.readOn, label).toMatch(/^\d{4}-\d{2}$/);
      // If this fails, the library learned the price: retire the row.
      const library = libraryModelPrice(
        row.provider,
        SAMPLE[row.libraryModel] ?? row.libraryModel,
        new Date(`${DAY}T00:00:00Z`),
      );
      expect(library?.modelId, label).toBe(row.libraryModel);
      const { used } = supplementPrices(row.provider, row.libraryModel, library!.prices as PriceMap);
      expect(used, label).toContain(row);
    }
  });

  it("is shown in GET /api/prices with its own source", () => {
    const audio = resolveEffectivePrice([], { provider: "openai", model: "gpt-4o-audio-preview-2024-12-17", day: DAY });
    expect(audio.source).toBe("library");
    expect(audio.supplementPrices).toEqual([
      expect.objectContaining({
        source: "supplement",
        priceKey: "input_audio_mtok",
        perMTok: "40",
        aboveInputTokens: null,
      }),
      expect.objectContaining({
        source: "supplement",
        priceKey: "output_audio_mtok",
        perMTok: "80",
        aboveInputTokens: null,
      }),
    ]);
    const long = resolveEffectivePrice([], { provider: "anthropic", model: "claude-sonnet-4-20250514", day: DAY });
    expect(long.supplementPrices.map((p) => `${p.priceKey}>${p.aboveInputTokens}=${p.perMTok}`)).toContain(
      "input_mtok>200000=6",
    );
    expect(
      resolveEffectivePrice([], { provider: "openai", model: "gpt-4o-2024-08-06", day: DAY }).supplementPrices,
    ).toEqual([]);
  });
});
