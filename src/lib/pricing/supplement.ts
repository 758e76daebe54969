/**
 * THE table of prices the bundled library (@pydantic/genai-prices) lacks for models it otherwise
 * knows: each row fills ONE token kind (or one long-context tier) of one library model, and is used
 * only where the library has no price for that kind (a library price always wins, so a newer
 * library silently retires a row; the unit test lists which rows still apply). Without these rows
 * the lacking kind would be priced as plain text tokens (audio at the text rate), which is wrong.
 * Rows are keyed by the LIBRARY's model id (what `libraryModelPrice` returns), so every alias and
 * dated snapshot the library maps to that id gets them. USD per 1M tokens as decimal text.
 * PRICING_VERSION follows this table: editing it re-prices stored usage on the next refresh.
 */
import type { PriceMap, PriceValue } from "./token-cost";

export interface SupplementRow {
  provider: "openai" | "anthropic";
  /** The library's model id. */
  libraryModel: string;
  /** The library's price key, e.g. `input_audio_mtok`. */
  priceKey: string;
  /** USD per 1M tokens. */
  perMTok: string;
  /** Set = a long-context tier: this price applies above `aboveInputTokens` input tokens per request. */
  aboveInputTokens?: number;
  sourceUrl: string;
  /** When the price was read from the source (YYYY-MM). */
  readOn: string;
}

const OPENAI_PRICING = "https://platform.openai.com/docs/pricing";
const ANTHROPIC_LONG_CONTEXT =
  "https://docs.anthropic.com/en/docs/build-with-claude/context-windows#1m-token-context-window";

const sonnet4Long = (priceKey: string, perMTok: string): SupplementRow => ({
  provider: "anthropic",
  libraryModel: "claude-sonnet-4-0",
  priceKey,
  perMTok,
  aboveInputTokens: 200_000,
  sourceUrl: ANTHROPIC_LONG_CONTEXT,
  readOn: "2025-09",
});

export const SUPPLEMENT_PRICES: readonly SupplementRow[] = [
  // Audio tokens of the audio preview model ("Audio tokens" table); the library has its text prices only.
  {
    provider: "openai",
    libraryModel: "gpt-4o-audio-preview",
    priceKey: "input_audio_mtok",
    perMTok: "40",
    sourceUrl: OPENAI_PRICING,
    readOn: "2025-09",
  },
  {
    provider: "openai",
    libraryModel: "gpt-4o-audio-preview",
    priceKey: "output_audio_mtok",
    perMTok: "80",
    sourceUrl: OPENAI_PRICING,
    readOn: "2025-09",
  },
  // Fine-tuned gpt-4o and gpt-4o-mini ("Fine-tuning" table): the library has input and output, not cached input.
  {
    provider: "openai",
    libraryModel: "ft:gpt-4o",
    priceKey: "cache_read_mtok",
    perMTok: "1.875",
    sourceUrl: OPENAI_PRICING,
    readOn: "2025-09",
  },
  {
    provider: "openai",
    libraryModel: "ft:gpt-4o-mini",
    priceKey: "cache_read_mtok",
    perMTok: "0.15",
    sourceUrl: OPENAI_PRICING,
    readOn: "2025-09",
  },
  // Claude Sonnet 4 with the 1M context window: prompts over 200k input tokens (Sonnet 4.5's tiers are in the library).
  sonnet4Long("input_mtok", "6"),
  sonnet4Long("output_mtok", "22.5"),
  sonnet4Long("cache_read_mtok", "0.6"),
  sonnet4Long("cache_write_mtok", "7.5"),
  sonnet4Long("cache_write_1h_mtok", "12"),
];

const rowsFor = (provider: string, libraryModel: string) =>
  SUPPLEMENT_PRICES.filter((r) => r.provider === provider && r.libraryModel === libraryModel);

/**
 * The library's prices with the rows that fill a gap: a flat price where the key is missing, a
 * long-context tier where the library's price is flat (no tiers). Returns the rows it used too.
 */
export function supplementPrices(
  provider: string,
  libraryModel: string,
  prices: PriceMap,
): { prices: PriceMap; used: SupplementRow[] } {
  const rows = rowsFor(provider, libraryModel);
  if (rows.length === 0) return { prices, used: [] };
  const out: PriceMap = { ...prices };
  const used: SupplementRow[] = [];
  for (const row of rows) {
    const current: PriceValue | undefined = out[row.priceKey];
    if (row.aboveInputTokens === undefined) {
      if (current !== undefined) continue;
      out[row.priceKey] = row.perMTok;
    } else {
      if (current === undefined || typeof current === "object") continue;
      out[row.priceKey] = { base: current, tiers: [{ start: row.aboveInputTokens, price: row.perMTok }] };
    }
    used.push(row);
  }
  return { prices: out, used };
}
