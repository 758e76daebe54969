import { calcPrice } from "@pydantic/genai-prices";
import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sumDecimals } from "@/lib/money/decimal";
import { discountFactor, priceUsageRow, type PriceableUsage, type PriceOverride } from "@/lib/pricing";
import { libraryUsage } from "@/lib/pricing/price-row";

const usage = (over: Partial<PriceableUsage> = {}): PriceableUsage => ({
  provider: "openai",
  model: "gpt-4o-mini-2024-07-18",
  inputTokens: 1_000_000,
  cachedInputTokens: 200_000,
  outputTokens: 500_000,
  requests: 100,
  batch: false,
  serviceTier: null,
  ...over,
});
const DAY = "2025-09-01";

afterEach(() => vi.restoreAllMocks());

describe("the discount table", () => {
  it("halves batch and flex, applies the priority ratio, leaves the rest at standard", () => {
    const standard = priceUsageRow(usage(), DAY);
    expect(standard).toBe("0.435"); // 0.8M x 0.15 + 0.2M x 0.075 + 0.5M x 0.60, per 1M
    expect(priceUsageRow(usage({ batch: true }), DAY)).toBe("0.2175");
    expect(priceUsageRow(usage({ serviceTier: "flex" }), DAY)).toBe("0.2175");
    expect(priceUsageRow(usage({ serviceTier: "default" }), DAY)).toBe(standard);
    expect(priceUsageRow(usage({ serviceTier: "scale" }), DAY)).toBe(standard);
    expect(
      discountFactor({ provider: "openai", model: "gpt-4o-2024-08-06", batch: false, serviceTier: "priority" }),
    ).toBe("1.7");
    expect(discountFactor({ provider: "openai", model: "o1-pro", batch: null, serviceTier: "priority" })).toBe("1.75");
    const sonnet = { provider: "anthropic", model: "claude-sonnet-4-20250514", batch: null };
    expect(discountFactor({ ...sonnet, serviceTier: "batch" })).toBe("0.5");
    expect(discountFactor({ ...sonnet, serviceTier: "priority" })).toBe("1");
    expect(discountFactor({ ...sonnet, serviceTier: "standard" })).toBe("1");
  });
});

describe("long-context tiers", () => {
  const sonnet = (over: Partial<PriceableUsage>) =>
    usage({
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      inputTokens: 100_000_000,
      cachedInputTokens: 0,
      outputTokens: 0,
      ...over,
    });

  it("prices a day of 1000 requests of 100k tokens at the low tier, not as one 100M-token call", () => {
    expect(priceUsageRow(sonnet({ requests: 1000 }), DAY)).toBe("300"); // 100M x $3/M
    // The same sum in 100 requests of 1M tokens each is long-context: $6/M.
    expect(priceUsageRow(sonnet({ requests: 100 }), DAY)).toBe("600");
  });

  it("uses the context_window group when the provider gives one", () => {
    expect(priceUsageRow(sonnet({ requests: null, contextWindow: "0-200k" }), DAY)).toBe("300");
    expect(priceUsageRow(sonnet({ requests: null, contextWindow: "200k-1M" }), DAY)).toBe("600");
  });

  it("without requests or a context window, prices the sum as one call below the tier", () => {
    expect(priceUsageRow(sonnet({ requests: null }), DAY)).toBe("300");
  });
});

describe("historic prices", () => {
  it("prices o3 at its price of the row's day, on both sides of the 2025-06-10 cut", () => {
    const o3 = usage({ model: "o3-2025-04-16" });
    expect(priceUsageRow(o3, "2025-06-09")).toBe("28.1"); // $10 in, $0.50 cached, $40 out
    expect(priceUsageRow(o3, "2025-06-10")).toBe("5.7"); // $2 in, $0.50 cached, $8 out
    expect(priceUsageRow(o3, new Date("2025-06-10T00:00:00Z"))).toBe("5.7");
  });
});

describe("other endpoints and units", () => {
  it("prices images, speech, transcription, storage, sessions and searches from the unit table", () => {
    const u = (over: Partial<PriceableUsage>) =>
      usage({ inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, ...over });
    expect(priceUsageRow(u({ endpoint: "images", model: "dall-e-3", images: 10, imageSize: "1024x1792" }), DAY)).toBe(
      "0.8",
    );
    expect(priceUsageRow(u({ endpoint: "images", model: "dall-e-2", images: 4, imageSize: null }), DAY)).toBe("0.08");
    expect(priceUsageRow(u({ endpoint: "images", model: "dall-e-3", images: 1, imageSize: "9x9" }), DAY)).toBeNull();
    expect(priceUsageRow(u({ endpoint: "audio_speeches", model: "tts-1-hd", characters: 2_000_000 }), DAY)).toBe("60");
    expect(priceUsageRow(u({ endpoint: "audio_transcriptions", model: "whisper-1", audioSeconds: 600 }), DAY)).toBe(
      "0.06",
    );
    expect(
      priceUsageRow(u({ endpoint: "audio_transcriptions", model: "gpt-4o-mini-transcribe", audioSeconds: "90" }), DAY),
    ).toBe("0.0045");
    expect(priceUsageRow(u({ endpoint: "vector_stores", model: "", usageBytes: 2_500_000_000 }), DAY)).toBe("0.25");
    expect(priceUsageRow(u({ endpoint: "code_interpreter_sessions", model: "", sessions: 3 }), DAY)).toBe("0.09");
    expect(priceUsageRow(u({ endpoint: "web_search_calls", model: "gpt-4o", toolCalls: 1500 }), DAY)).toBe("15");
    expect(priceUsageRow(u({ endpoint: "file_search_calls", model: "", toolCalls: 1000 }), DAY)).toBe("2.5");
    expect(priceUsageRow(usage({ endpoint: "moderations", model: "omni-moderation-latest" }), DAY)).toBe("0");
    expect(
      priceUsageRow(usage({ endpoint: "embeddings", model: "text-embedding-3-small", cachedInputTokens: 0 }), DAY),
    ).toBe("0.02");
  });

  it("charges cached audio and image input at their own rates (OpenAI counts them apart from uncached)", () => {
    const realtime = usage({
      model: "gpt-4o-realtime-preview",
      inputTokens: 10_000,
      cachedInputTokens: 1_000,
      inputAudioTokens: 4_000,
      inputCachedAudioTokens: 500,
      outputTokens: 2_000,
      outputAudioTokens: 1_500,
      requests: 3,
    });
    // text in 5,000 x $5 + text cached 500 x $2.50 + audio in 4,000 x $40 + audio cached 500 x $2.50
    // + text out 500 x $20 + audio out 1,500 x $80, per 1M
    expect(priceUsageRow(realtime, DAY)).toBe("0.3175");
    const lib = calcPrice(libraryUsage(realtime), realtime.model, { providerId: "openai", timestamp: new Date(DAY) });
    expect(lib!.total_price).toBeCloseTo(0.3175, 12);
  });

  it("returns null for a model nobody prices, and for usage that does not add up", () => {
    expect(priceUsageRow(usage({ model: "mystery-model" }), DAY)).toBeNull();
    expect(priceUsageRow(usage({ provider: "acme", model: "gpt-4o" }), DAY)).toBeNull();
    expect(priceUsageRow(usage({ cachedInputTokens: 2_000_000 }), DAY)).toBeNull(); // cache reads above input
  });
});

describe("organization overrides", () => {
  const override = (over: Partial<PriceOverride> = {}): PriceOverride => ({
    id: "o1",
    provider: "openai",
    model: "gpt-4o",
    effectiveFrom: "2025-08-01",
    effectiveTo: null,
    inputPerMTok: "1",
    cachedInputPerMTok: null,
    cacheWritePerMTok: null,
    outputPerMTok: "2",
    ...over,
  });

  it("replace the library's token prices for the model and its dated snapshots, within their dates", () => {
    const row = usage({ model: "gpt-4o-2024-08-06" }); // 1M in (0.2M cached), 0.5M out
    expect(priceUsageRow(row, DAY, [override()])).toBe("2"); // cached null = input price: 1M x $1 + 0.5M x $2
    expect(priceUsageRow(row, DAY, [override({ cachedInputPerMTok: "0.5" })])).toBe("1.9");
    expect(priceUsageRow(row, "2025-07-31", [override()])).toBe("7.25"); // before it: the library's $2.50/$1.25/$10
    expect(priceUsageRow(row, DAY, [override({ effectiveTo: "2025-08-31" })])).toBe("7.25");
    expect(priceUsageRow(usage({ model: "gpt-4o-mini" }), DAY, [override()])).toBe("0.435"); // another model
    expect(
      priceUsageRow(row, DAY, [override(), override({ id: "o2", model: "gpt-4o-2024-08-06", inputPerMTok: "3" })]),
    ).toBe("4");
    expect(priceUsageRow(row, DAY, [override({ provider: "anthropic" })])).toBe("7.25");
  });

  it("price a model the library does not know, and batch still halves them", () => {
    const ft = usage({ model: "ft:gpt-4o-mini:acme::abc123", batch: true });
    expect(priceUsageRow(ft, DAY)).toBeNull();
    expect(priceUsageRow(ft, DAY, [override({ model: "ft:gpt-4o-mini:acme::abc123" })])).toBe("1");
  });
});

describe("exactness", () => {
  const tokens = (max: number) =>
    fc
      .record({
        input: fc.integer({ min: 0, max }),
        out: fc.integer({ min: 0, max }),
        frac: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map((t) => ({ inputTokens: t.input, cachedInputTokens: Math.floor(t.input * t.frac), outputTokens: t.out }));

  it("price(a) + price(b) = price(a + b) exactly for a model without tiers", () => {
    fc.assert(
      fc.property(tokens(50_000_000), tokens(50_000_000), fc.boolean(), (a, b, batch) => {
        const pa = priceUsageRow(usage({ ...a, batch, requests: 10 }), DAY)!;
        const pb = priceUsageRow(usage({ ...b, batch, requests: 10 }), DAY)!;
        const sum = {
          inputTokens: a.inputTokens + b.inputTokens,
          cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
          outputTokens: a.outputTokens + b.outputTokens,
        };
        expect(priceUsageRow(usage({ ...sum, batch, requests: 20 }), DAY)).toBe(sumDecimals([pa, pb]));
      }),
      { numRuns: 300 },
    );
  });

  it("is linear for a tiered model only while every request stays in one tier", () => {
    const sonnet = (t: { inputTokens: number; cachedInputTokens: number; outputTokens: number }, requests: number) =>
      priceUsageRow(usage({ provider: "anthropic", model: "claude-sonnet-4-5-20250929", ...t, requests }), DAY)!;
    // Each request below 200k input tokens: 1,000 requests may hold up to 200M tokens.
    fc.assert(
      fc.property(tokens(150_000_000), tokens(150_000_000), (a, b) => {
        const sum = {
          inputTokens: a.inputTokens + b.inputTokens,
          cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
          outputTokens: a.outputTokens + b.outputTokens,
        };
        expect(sonnet(sum, 2000)).toBe(sumDecimals([sonnet(a, 1000), sonnet(b, 1000)]));
      }),
      { numRuns: 200 },
    );
    // Across the cliff it is not: two small days are cheaper than their sum in the same few requests.
    const day = { inputTokens: 150_000, cachedInputTokens: 0, outputTokens: 0 };
    expect(sonnet({ ...day, inputTokens: 300_000 }, 1)).not.toBe(sumDecimals([sonnet(day, 1), sonnet(day, 1)]));
  });

  it("agrees with the library's own (float) total for single requests", () => {
    const models = ["gpt-4o-mini-2024-07-18", "gpt-4.1", "o3", "gpt-5.4", "text-embedding-3-large"];
    fc.assert(
      fc.property(fc.constantFrom(...models), tokens(400_000), (model, t) => {
        const ours = priceUsageRow(usage({ model, ...t, requests: 1 }), DAY)!;
        const lib = calcPrice(libraryUsage(usage({ model, ...t })), model, {
          providerId: "openai",
          timestamp: new Date(DAY),
        })!;
        expect(Math.abs(Number(ours) - lib.total_price)).toBeLessThanOrEqual(1e-9 * Math.max(1, lib.total_price));
      }),
      { numRuns: 200 },
    );
  });
});

describe("bundled price data only", () => {
  it("makes no network call and logs no warning while pricing", () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const warn = vi.spyOn(console, "warn");
    priceUsageRow(usage({ model: "gpt-5" }), DAY);
    priceUsageRow(usage({ provider: "anthropic", model: "claude-opus-4-1", cacheWrite1hTokens: 100 }), DAY);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it("never turns on the library's auto-update anywhere in src/", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) files.push(path);
      }
    };
    walk(join(process.cwd(), "src"));
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((f) =>
      /\b(updatePrices|waitForUpdate|enableAutoUpdate)\s*\(|import[^;]*\b(updatePrices|waitForUpdate)\b/.test(
        readFileSync(f, "utf8"),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
