/**
 * Computed cost of one stored usage row, at the row's own day (historic prices), as decimal text
 * rounded to COST_SCALE fraction digits, or null = unpriced (a model nobody has a price for).
 * Everything is exact until that one rounding (src/lib/money/rational.ts); 10 digits keep every
 * per-token price exact (USD per 1M tokens with up to 4 decimals, halved for batch).
 */
import type { Usage } from "@pydantic/genai-prices";
import { mul, rationalFromDecimal, rationalFromNumber, divInt, type Rational } from "@/lib/money/rational";
import { roundToDecimal } from "@/lib/money/rational";
import { discountFactor } from "./discounts";
import { libraryModelPrice } from "./library";
import { findOverride, overridePrices } from "./override-match";
import { supplementPrices } from "./supplement";
import { exactTokenCost, type PriceMap } from "./token-cost";
import type { PriceableUsage, PriceOverride } from "./types";
import {
  BYTES_PER_GB,
  CODE_INTERPRETER_PER_SESSION,
  FILE_SEARCH_PER_1K_CALLS,
  imagePrice,
  speechPricePerMChars,
  transcriptionPricePerMinute,
  VECTOR_STORE_PER_GB_DAY,
  WEB_SEARCH_PER_1K_CALLS,
} from "./unit-prices";

export const COST_SCALE = 10;

const n = (v: number | string | null | undefined) => Number(v ?? 0) || 0;

/** The library's usage object: its input keys are totals, so OpenAI's uncached audio/image counts get their cached parts added. */
export function libraryUsage(u: PriceableUsage): Usage {
  const w5 = n(u.cacheWrite5mTokens);
  const w1 = n(u.cacheWrite1hTokens);
  const usage: Usage = {
    input_tokens: n(u.inputTokens),
    cache_read_tokens: n(u.cachedInputTokens),
    output_tokens: n(u.outputTokens),
  };
  if (w5 + w1 > 0)
    Object.assign(usage, { cache_write_tokens: w5 + w1, cache_write_5m_tokens: w5, cache_write_1h_tokens: w1 });
  const audioCached = n(u.inputCachedAudioTokens);
  if (n(u.inputAudioTokens) + audioCached > 0) {
    Object.assign(usage, {
      input_audio_tokens: n(u.inputAudioTokens) + audioCached,
      cache_audio_read_tokens: audioCached,
    });
  }
  const imageCached = n(u.inputCachedImageTokens);
  if (n(u.inputImageTokens) + imageCached > 0) {
    Object.assign(usage, {
      input_image_tokens: n(u.inputImageTokens) + imageCached,
      cache_image_read_tokens: imageCached,
    });
  }
  if (n(u.outputAudioTokens) > 0) usage.output_audio_tokens = n(u.outputAudioTokens);
  if (n(u.outputImageTokens) > 0) usage.output_image_tokens = n(u.outputImageTokens);
  if (n(u.webSearchRequests) > 0) usage.web_searches = n(u.webSearchRequests);
  return usage;
}

/** Lower bound of an Anthropic context_window group: "0-200k" -> 0, "200k-1M" -> 200000; null if unreadable. */
export function contextWindowFloor(window: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([km]?)-/i.exec(window.trim());
  if (!m) return null;
  const scale = { "": 1, k: 1_000, m: 1_000_000 }[m[2]!.toLowerCase() as "" | "k" | "m"];
  return Number(m[1]) * scale;
}

/**
 * Input tokens of one representative request, which picks the long-context tier (a cliff on the
 * input tokens of ONE call: pricing a day's sum as one call would put a day of small requests in
 * the top tier). Within a tier the price is linear, so pricing this request and scaling by the
 * request count equals pricing the sums at this request's tier, which is what we do.
 *  - context_window group given: a request just inside the group's lower bound;
 *  - else the per-request average (input tokens / requests);
 *  - no request count (Anthropic without a context_window group): the sum is priced as one call
 *    BELOW the first tier (base prices). Anthropic reports context_window whenever usage is grouped
 *    by it, which our adapter does, so this is the rare ungrouped case; it can under-price it.
 */
export function representativeRequestInput(u: PriceableUsage): number {
  const floor = u.contextWindow ? contextWindowFloor(u.contextWindow) : null;
  if (floor !== null) return floor + 1;
  if (u.requests && u.requests > 0) return n(u.inputTokens) / u.requests;
  return 0;
}

/** Supplemented maps by the library's answer (cached per provider, model and time), so each is built once and keeps its identity. */
const supplemented = new WeakMap<object, PriceMap>();

/** The library's prices for a model with the gaps the supplement table fills, or null when it does not know the model. */
export function libraryPrices(provider: string, model: string, at: Date): PriceMap | null {
  const library = libraryModelPrice(provider, model, at);
  if (!library) return null;
  let prices = supplemented.get(library);
  if (!prices) {
    prices = supplementPrices(provider, library.modelId, library.prices as PriceMap).prices;
    supplemented.set(library, prices);
  }
  return prices;
}

function tokenCost(u: PriceableUsage, at: Date, day: string, overrides: readonly PriceOverride[]): Rational | null {
  const usage = libraryUsage(u);
  const library = libraryPrices(u.provider, u.model, at);
  const override = findOverride(overrides, u.provider, u.model, day);
  const prices: PriceMap | null = override ? overridePrices(override, library ?? {}) : library;
  if (!prices) return null;
  return exactTokenCost(prices, usage, representativeRequestInput(u), n(u.requests));
}

const times = (qty: number | string | null | undefined, price: string) =>
  mul(rationalFromNumber(n(qty)), rationalFromDecimal(price));

function transcriptionCost(u: PriceableUsage, at: Date): Rational | null {
  const seconds = n(u.audioSeconds);
  const library = libraryModelPrice(u.provider, u.model, at);
  const prices = library?.prices as PriceMap | undefined;
  if (prices && (prices.audio_hours !== undefined || prices.input_audio_hours !== undefined)) {
    return exactTokenCost(prices, { audio_seconds: seconds, input_audio_seconds: seconds }, 0, n(u.requests));
  }
  const perMinute = transcriptionPricePerMinute(u.model);
  return perMinute === null ? null : divInt(times(seconds, perMinute), 60n);
}

function webSearchCost(u: PriceableUsage, at: Date): Rational {
  const own = libraryModelPrice(u.provider, u.model, at)?.prices.web_searches_kcount;
  const perK = typeof own === "number" ? rationalFromNumber(own) : rationalFromDecimal(WEB_SEARCH_PER_1K_CALLS);
  return divInt(mul(rationalFromNumber(n(u.toolCalls)), perK), 1000n);
}

function standardCost(u: PriceableUsage, at: Date, day: string, overrides: readonly PriceOverride[]): Rational | null {
  switch (u.endpoint ?? "completions") {
    case "images": {
      const price = imagePrice(u.model, u.imageSize);
      return price === null ? null : times(u.images, price);
    }
    case "audio_speeches": {
      const price = speechPricePerMChars(u.model);
      return price === null ? null : divInt(times(u.characters, price), 1_000_000n);
    }
    case "audio_transcriptions":
      return transcriptionCost(u, at);
    case "vector_stores":
      return divInt(times(u.usageBytes, VECTOR_STORE_PER_GB_DAY), BYTES_PER_GB);
    case "code_interpreter_sessions":
      return times(u.sessions, CODE_INTERPRETER_PER_SESSION);
    case "web_search_calls":
      return webSearchCost(u, at);
    case "file_search_calls":
      return divInt(times(u.toolCalls, FILE_SEARCH_PER_1K_CALLS), 1000n);
    default:
      // completions, embeddings, moderations (and endpoints we do not know yet): priced by tokens
      return tokenCost(u, at, day, overrides);
  }
}

/** `day` is the row's bucket start (a Date) or its UTC day (YYYY-MM-DD): prices in force then apply. */
export function priceUsageRow(
  input: PriceableUsage,
  day: Date | string,
  overrides: readonly PriceOverride[] = [],
): string | null {
  const at = typeof day === "string" ? new Date(`${day}T00:00:00Z`) : day;
  if (Number.isNaN(at.getTime())) throw new RangeError("priceUsageRow: invalid day");
  const cost = standardCost(input, at, at.toISOString().slice(0, 10), overrides);
  if (cost === null) return null;
  return roundToDecimal(mul(cost, rationalFromDecimal(discountFactor(input))), COST_SCALE);
}
