// The emulator's published price list and how cost follows from usage. Prices are integers in
// units of 1e-4 USD per million tokens, so a cost in cents is tokens x price x 1e-8, exactly: the
// cost report's decimal strings never pass through a float.

import { formatDecimal } from "../../../src/lib/money/decimal";
import type { AnthropicUsageRow } from "./types";

export const TOKEN_TYPES = [
  "uncached_input_tokens",
  "output_tokens",
  "cache_read_input_tokens",
  "cache_creation.ephemeral_5m_input_tokens",
  "cache_creation.ephemeral_1h_input_tokens",
] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** USD per million tokens x 10^4, per token type. */
type PriceRow = Record<TokenType, number>;

export interface AnthropicModel {
  name: string;
  display: string;
  standard: PriceRow;
  /** Prompts over 200k tokens, where the model offers a 1M context window. */
  longContext: PriceRow | null;
  /** relative request volume and average tokens per request, for the generator */
  volume: number;
  avgInput: number;
  avgOutput: number;
}

/** Cache reads cost 0.1x input, 5-minute writes 1.25x, 1-hour writes 2x. */
const row = (input: number, output: number): PriceRow => ({
  uncached_input_tokens: Math.round(input * 1e4),
  output_tokens: Math.round(output * 1e4),
  cache_read_input_tokens: Math.round(input * 1e3),
  "cache_creation.ephemeral_5m_input_tokens": Math.round(input * 12_500),
  "cache_creation.ephemeral_1h_input_tokens": Math.round(input * 2e4),
});

export const ANTHROPIC_MODELS: readonly AnthropicModel[] = [
  {
    name: "claude-sonnet-4-5-20250929",
    display: "Claude Sonnet 4.5",
    standard: row(3, 15),
    longContext: row(6, 22.5),
    volume: 2,
    avgInput: 2400,
    avgOutput: 600,
  },
  {
    name: "claude-haiku-4-5-20251001",
    display: "Claude Haiku 4.5",
    standard: row(1, 5),
    longContext: null,
    volume: 3,
    avgInput: 1200,
    avgOutput: 300,
  },
  {
    name: "claude-opus-4-1-20250805",
    display: "Claude Opus 4.1",
    standard: row(15, 75),
    longContext: null,
    volume: 0.4,
    avgInput: 3000,
    avgOutput: 900,
  },
  {
    name: "claude-sonnet-4-20250514",
    display: "Claude Sonnet 4",
    standard: row(3, 15),
    longContext: row(6, 22.5),
    volume: 1,
    avgInput: 2000,
    avgOutput: 500,
  },
  {
    name: "claude-3-5-haiku-20241022",
    display: "Claude Haiku 3.5",
    standard: row(0.8, 4),
    longContext: null,
    volume: 1.5,
    avgInput: 900,
    avgOutput: 250,
  },
];

/** $10 per 1,000 searches = 1 cent each, in the cost scale (1e-8 cents). */
export const WEB_SEARCH_UNITS = 100_000_000n;
/** Batch costs half of everything token-priced. */
const BATCH_DIVISOR = 2n;
export const COST_SCALE = 8;

const TOKEN_LABELS: Record<TokenType, string> = {
  uncached_input_tokens: "Input Tokens",
  output_tokens: "Output Tokens",
  cache_read_input_tokens: "Cache Read Tokens",
  "cache_creation.ephemeral_5m_input_tokens": "Cache Write Tokens (5m)",
  "cache_creation.ephemeral_1h_input_tokens": "Cache Write Tokens (1h)",
};

export function modelByName(name: string): AnthropicModel {
  const model = ANTHROPIC_MODELS.find((m) => m.name === name);
  if (!model) throw new Error(`no price for ${name}`);
  return model;
}

export function tokensOf(r: AnthropicUsageRow, type: TokenType): number {
  switch (type) {
    case "uncached_input_tokens":
      return r.uncached_input_tokens;
    case "output_tokens":
      return r.output_tokens;
    case "cache_read_input_tokens":
      return r.cache_read_input_tokens;
    case "cache_creation.ephemeral_5m_input_tokens":
      return r.cache_creation_5m_input_tokens;
    default:
      return r.cache_creation_1h_input_tokens;
  }
}

/** One line of the cost report at its finest grain (grouped by workspace and description). */
export interface CostLine {
  workspace_id: string | null;
  description: string;
  cost_type: "tokens" | "web_search";
  model: string | null;
  service_tier: string | null;
  context_window: string | null;
  token_type: TokenType | null;
  /** cents x 10^8 */
  units: bigint;
}

/**
 * What a usage row costs, one line per token type (and web search). Priority tier is billed
 * elsewhere and never appears in the cost report, as Anthropic documents: it yields nothing.
 */
export function costLines(r: AnthropicUsageRow): CostLine[] {
  if (r.service_tier === "priority") return [];
  const model = modelByName(r.model);
  const long = r.context_window !== "0-200k";
  const prices = long && model.longContext ? model.longContext : model.standard;
  const suffix = `${r.service_tier === "batch" ? ", Batch" : ""}${long ? ", Long Context" : ""}`;
  const lines: CostLine[] = [];
  for (const type of TOKEN_TYPES) {
    const tokens = tokensOf(r, type);
    if (tokens === 0) continue;
    let units = BigInt(tokens) * BigInt(prices[type]);
    if (r.service_tier === "batch") units /= BATCH_DIVISOR; // prices are even, so this is exact
    lines.push({
      workspace_id: r.workspace_id,
      description: `${model.display} Usage - ${TOKEN_LABELS[type]}${suffix}`,
      cost_type: "tokens",
      model: r.model,
      service_tier: r.service_tier,
      context_window: r.context_window,
      token_type: type,
      units,
    });
  }
  if (r.web_search_requests > 0) {
    lines.push({
      workspace_id: r.workspace_id,
      description: "Web Search",
      cost_type: "web_search",
      model: null,
      service_tier: null,
      context_window: null,
      token_type: null,
      units: BigInt(r.web_search_requests) * WEB_SEARCH_UNITS,
    });
  }
  return lines;
}

export const centsText = (units: bigint) => formatDecimal({ units, scale: COST_SCALE });
export const dollarsText = (units: bigint) => formatDecimal({ units, scale: COST_SCALE + 2 });

/** The list as published at /__emulator/anthropic/prices: USD per million tokens, as decimal strings. */
export function publishedPrices() {
  const usd = (p: PriceRow) =>
    Object.fromEntries(TOKEN_TYPES.map((t) => [t, formatDecimal({ units: BigInt(p[t]), scale: 4 })]));
  return {
    unit: "USD per million tokens",
    batch_discount: "0.5",
    web_search_usd_per_1000: "10",
    priority_tier: "not in the cost report",
    models: ANTHROPIC_MODELS.map((m) => ({
      model: m.name,
      display_name: m.display,
      standard: usd(m.standard),
      long_context: m.longContext ? usd(m.longContext) : null,
    })),
  };
}
