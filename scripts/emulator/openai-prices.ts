// The emulator's published OpenAI price list and how billed cost follows from its usage. Prices are
// integers in units of 1e-4 USD per million tokens (1e-10 USD per token) and tier factors are tenths,
// so every cost is an exact decimal with 11 fraction digits: it never passes through a float.

import type { CompletionsRow, EmbeddingsRow } from "./types";

/** USD per million tokens x 10^4. Audio prices only where the model takes audio. */
export interface OpenAIPrice {
  input: number;
  cachedInput: number;
  output: number;
  audioInput?: number;
  audioOutput?: number;
}

const usd = (input: number, cachedInput: number, output: number, audio?: [number, number]): OpenAIPrice => ({
  input: Math.round(input * 1e4),
  cachedInput: Math.round(cachedInput * 1e4),
  output: Math.round(output * 1e4),
  ...(audio ? { audioInput: Math.round(audio[0] * 1e4), audioOutput: Math.round(audio[1] * 1e4) } : {}),
});

/** OpenAI's list prices (standard tier), the same as @pydantic/genai-prices knows them for text. */
export const OPENAI_PRICES: Readonly<Record<string, OpenAIPrice>> = {
  "gpt-4o-mini-2024-07-18": usd(0.15, 0.075, 0.6),
  "gpt-4o-2024-08-06": usd(2.5, 1.25, 10),
  "gpt-4.1-2025-04-14": usd(2, 0.5, 8),
  "gpt-4.1-mini-2025-04-14": usd(0.4, 0.1, 1.6),
  "gpt-4.1-nano-2025-04-14": usd(0.1, 0.025, 0.4),
  "o3-2025-04-16": usd(2, 0.5, 8),
  "o4-mini-2025-04-16": usd(1.1, 0.275, 4.4),
  "gpt-5-2025-08-07": usd(1.25, 0.125, 10),
  "gpt-5-mini-2025-08-07": usd(0.25, 0.025, 2),
  "gpt-5-nano-2025-08-07": usd(0.05, 0.005, 0.4),
  "o1-2024-12-17": usd(15, 7.5, 60),
  "o3-mini-2025-01-31": usd(1.1, 0.55, 4.4),
  "gpt-4o-audio-preview-2024-12-17": usd(2.5, 2.5, 10, [40, 80]),
  "gpt-4o-realtime-preview-2024-12-17": usd(5, 2.5, 20, [40, 80]),
  "gpt-3.5-turbo-0125": usd(0.5, 0.5, 1.5),
  "gpt-4-turbo-2024-04-09": usd(10, 10, 30),
  "chatgpt-4o-latest": usd(5, 5, 15),
  "text-embedding-3-small": usd(0.02, 0.02, 0),
  "text-embedding-3-large": usd(0.13, 0.13, 0),
  "text-embedding-ada-002-v2": usd(0.1, 0.1, 0),
};

/** Tier factors in tenths of the standard price: batch and flex half, priority double. */
const TIER_TENTHS = { standard: 10, batch: 5, flex: 5, priority: 20 } as const;
/** Fine-tuned models (`ft:<base>:...`) cost twice their base model. */
const FINE_TUNED_FACTOR = 2n;

/** One cost at the finest grain the emulator knows; `units` are 1e-11 USD. */
export interface CostAtom {
  project_id: string | null;
  api_key_id: string | null;
  line_item: string;
  units: bigint;
  quantity: number;
}

function priceOf(model: string): { price: OpenAIPrice; factor: bigint; label: string } | null {
  const ft = /^ft:([^:]+):/.exec(model);
  const base = ft ? ft[1]! : model;
  const price = OPENAI_PRICES[base];
  if (!price) return null;
  return { price, factor: ft ? FINE_TUNED_FACTOR : 1n, label: ft ? `ft-${base}` : base };
}

function tierOf(row: CompletionsRow): keyof typeof TIER_TENTHS {
  if (row.batch) return "batch";
  return row.service_tier === "flex" || row.service_tier === "priority" ? row.service_tier : "standard";
}

/**
 * Line items of one completions row: `<model>, input | cached input | output | audio input |
 * audio output`, with ` (batch)`, ` (flex)` or ` (priority)` after non-standard tiers.
 */
export function completionsCost(row: CompletionsRow): CostAtom[] {
  const priced = row.model ? priceOf(row.model) : null;
  if (!priced) return [];
  const { price, factor, label } = priced;
  const tier = tierOf(row);
  const suffix = tier === "standard" ? "" : ` (${tier})`;
  const tenths = BigInt(TIER_TENTHS[tier]) * factor;
  const audioIn = price.audioInput === undefined ? 0 : row.input_audio_tokens;
  const audioOut = price.audioOutput === undefined ? 0 : row.output_audio_tokens;
  const parts: [string, number, number][] = [
    ["input", Math.max(0, row.input_tokens - row.input_cached_tokens - audioIn), price.input],
    ["cached input", row.input_cached_tokens, price.cachedInput],
    ["output", Math.max(0, row.output_tokens - audioOut), price.output],
    ["audio input", audioIn, price.audioInput ?? 0],
    ["audio output", audioOut, price.audioOutput ?? 0],
  ];
  return parts
    .filter(([, tokens]) => tokens > 0)
    .map(([kind, tokens, unitPrice]) => ({
      project_id: row.project_id,
      api_key_id: row.api_key_id,
      line_item: `${label}, ${kind}${suffix}`,
      units: BigInt(tokens) * BigInt(unitPrice) * tenths,
      quantity: tokens,
    }));
}

export function embeddingsCost(row: EmbeddingsRow): CostAtom[] {
  const priced = row.model ? priceOf(row.model) : null;
  if (!priced || row.input_tokens === 0) return [];
  return [
    {
      project_id: row.project_id,
      api_key_id: row.api_key_id,
      line_item: `${priced.label}, input`,
      units: BigInt(row.input_tokens) * BigInt(priced.price.input) * 10n * priced.factor,
      quantity: row.input_tokens,
    },
  ];
}

/** Scale of CostAtom.units: 1e-4 USD/1M tokens = 1e-10 USD/token, times tenths. */
export const COST_SCALE = 11;
