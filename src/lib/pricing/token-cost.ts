/**
 * Exact cost of token usage from a price map shaped like the library's (`input_mtok`,
 * `cache_read_mtok`, ... numbers or {base, tiers}). The library computes in JS floats; we take only
 * its PRICES (model match, dated prices, tiers) and do the arithmetic here in exact fractions.
 * Decomposition follows the library's rule: each priced unit is charged for the usage that no
 * more specific priced unit claims (cache reads of audio are not also charged as audio, and so on).
 */
import type { Usage } from "@pydantic/genai-prices";
import {
  add,
  divInt,
  mul,
  rationalFromDecimal,
  rationalFromNumber,
  sub,
  ZERO,
  type Rational,
} from "@/lib/money/rational";

/** The usage keys we report and what they are (the library's units, prices/units.yml). */
const UNITS: Record<string, { priceKey: string; per: bigint; dims: Record<string, string> }> = {
  input_tokens: { priceKey: "input_mtok", per: 1_000_000n, dims: { direction: "input", family: "tokens" } },
  cache_read_tokens: {
    priceKey: "cache_read_mtok",
    per: 1_000_000n,
    dims: { direction: "input", family: "tokens", token_type: "cache_read" },
  },
  cache_write_tokens: {
    priceKey: "cache_write_mtok",
    per: 1_000_000n,
    dims: { direction: "input", family: "tokens", token_type: "cache_write" },
  },
  cache_write_5m_tokens: {
    priceKey: "cache_write_5m_mtok",
    per: 1_000_000n,
    dims: { direction: "input", family: "tokens", token_type: "cache_write", cache_ttl: "5m" },
  },
  cache_write_1h_tokens: {
    priceKey: "cache_write_1h_mtok",
    per: 1_000_000n,
    dims: { direction: "input", family: "tokens", token_type: "cache_write", cache_ttl: "1h" },
  },
  input_audio_tokens: {
    priceKey: "input_audio_mtok",
    per: 1_000_000n,
    dims: { direction: "input", family: "tokens", modality: "audio" },
  },
  cache_audio_read_tokens: {
    priceKey: "cache_audio_read_mtok",
    per: 1_000_000n,
    dims: { direction: "input", family: "tokens", modality: "audio", token_type: "cache_read" },
  },
  input_image_tokens: {
    priceKey: "input_image_mtok",
    per: 1_000_000n,
    dims: { direction: "input", family: "tokens", modality: "image" },
  },
  cache_image_read_tokens: {
    priceKey: "cache_image_read_mtok",
    per: 1_000_000n,
    dims: { direction: "input", family: "tokens", modality: "image", token_type: "cache_read" },
  },
  output_tokens: { priceKey: "output_mtok", per: 1_000_000n, dims: { direction: "output", family: "tokens" } },
  output_audio_tokens: {
    priceKey: "output_audio_mtok",
    per: 1_000_000n,
    dims: { direction: "output", family: "tokens", modality: "audio" },
  },
  output_image_tokens: {
    priceKey: "output_image_mtok",
    per: 1_000_000n,
    dims: { direction: "output", family: "tokens", modality: "image" },
  },
  web_searches: {
    priceKey: "web_searches_kcount",
    per: 1000n,
    dims: { family: "tool_calls", tool_type: "web_search" },
  },
  audio_seconds: { priceKey: "audio_hours", per: 3600n, dims: { family: "durations", modality: "audio" } },
  input_audio_seconds: {
    priceKey: "input_audio_hours",
    per: 3600n,
    dims: { direction: "input", family: "durations", modality: "audio" },
  },
};

/** A price as the library writes it (number, or {base, tiers}), or as an override writes it (decimal text). */
export type PriceValue =
  number | string | { base: number | string; tiers: { start: number; price: number | string }[] };
export type PriceMap = Record<string, PriceValue | undefined>;

// Prices are a few hundred distinct values: parsing each once keeps per-row pricing to bigint arithmetic.
const parsed = new Map<number | string, Rational>();
function toRational(v: number | string): Rational {
  let r = parsed.get(v);
  if (r === undefined) {
    r = typeof v === "string" ? rationalFromDecimal(v) : rationalFromNumber(v);
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(v, r);
  }
  return r;
}

const sortedTiers = new WeakMap<object, { start: number; price: number | string }[]>();

/** Cliff tiers on input tokens per request, as the library applies them: the last tier whose start is exceeded. */
function rateFor(price: PriceValue, requestInput: number): Rational {
  if (typeof price !== "object") return toRational(price);
  let tiers = sortedTiers.get(price);
  if (!tiers) sortedTiers.set(price, (tiers = [...price.tiers].sort((a, b) => a.start - b.start)));
  let rate = price.base;
  for (const tier of tiers) if (requestInput > tier.start) rate = tier.price;
  return toRational(rate);
}

const isDescendant = (of: Record<string, string>, dims: Record<string, string>) =>
  Object.entries(of).every(([k, v]) => dims[k] === v);

interface PricedUnit {
  key: string;
  per: bigint;
  price: PriceValue;
  /** The more specific priced units whose usage this one must not charge again. */
  within: string[];
}

/** Price maps are never changed once built, so each one's units are worked out once. */
const plans = new WeakMap<PriceMap, PricedUnit[]>();

/** The priced units, most specific first (each unit's descendants come before it). */
function planFor(prices: PriceMap): PricedUnit[] {
  let plan = plans.get(prices);
  if (plan) return plan;
  const priced = Object.entries(UNITS)
    .filter(([, u]) => prices[u.priceKey] !== undefined)
    .sort(([, a], [, b]) => Object.keys(b.dims).length - Object.keys(a.dims).length);
  plan = priced.map(([key, unit]) => ({
    key,
    per: unit.per,
    price: prices[unit.priceKey]!,
    within: priced.filter(([other, o]) => other !== key && isDescendant(unit.dims, o.dims)).map(([other]) => other),
  }));
  plans.set(prices, plan);
  return plan;
}

/**
 * Exact cost, or null when the usage does not fit together (a priced part larger than its whole).
 * `requestInput` is the input tokens of ONE representative request, which picks the tier.
 */
export function exactTokenCost(
  prices: PriceMap,
  usage: Usage,
  requestInput: number,
  requests: number,
): Rational | null {
  const leaf = new Map<string, Rational>();
  let total = ZERO;
  for (const unit of planFor(prices)) {
    let rest = rationalFromNumber(usage[unit.key as keyof Usage] ?? 0);
    for (const other of unit.within) rest = sub(rest, leaf.get(other)!);
    if (rest.num < 0n) return null;
    leaf.set(unit.key, rest);
    total = add(total, divInt(mul(rest, rateFor(unit.price, requestInput)), unit.per));
  }
  // A per-request price (none of OpenAI's or Anthropic's models has one today) needs a request count.
  const perRequest = prices.requests_kcount;
  if (perRequest !== undefined && requests > 0) {
    total = add(total, divInt(mul(rationalFromNumber(requests), rateFor(perRequest, requestInput)), 1000n));
  }
  return total;
}
