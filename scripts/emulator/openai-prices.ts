// The emulator's published OpenAI price list and how billed cost follows from its usage. Prices are
// integers in units of 1e-4 USD per million tokens (1e-10 USD per token); batch and flex are half
// the standard price (tenths: 5 of 10) and priority has its own absolute per-model price, as on
// OpenAI's pricing page. Every cost is an exact decimal with 11 fraction digits: never a float.

import type { CompletionsRow, EmbeddingsRow } from "./types";

/** USD per million tokens x 10^4. Audio prices only where the model takes audio. */
export interface OpenAIPrice {
  input: number;
  cachedInput: number;
  output: number;
  audioInput?: number;
  audioOutput?: number;
  /** Cached audio input; absent on an audio model = OpenAI lists none, so cached audio costs the audio input price. */
  cachedAudioInput?: number;
  /** The Priority processing price; absent = OpenAI publishes none, so the API serves `default`. */
  priority?: { input: number; cachedInput: number; output: number };
}

const units = (v: number) => Math.round(v * 1e4);
const usd = (
  input: number,
  cachedInput: number,
  output: number,
  audio?: [input: number, output: number, cachedInput?: number],
): OpenAIPrice => ({
  input: units(input),
  cachedInput: units(cachedInput),
  output: units(output),
  ...(audio ? { audioInput: units(audio[0]), audioOutput: units(audio[1]) } : {}),
  ...(audio?.[2] !== undefined ? { cachedAudioInput: units(audio[2]) } : {}),
});
const withPriority = (p: OpenAIPrice, input: number, cachedInput: number, output: number): OpenAIPrice => ({
  ...p,
  priority: { input: units(input), cachedInput: units(cachedInput), output: units(output) },
});

/**
 * OpenAI's list prices (standard tier), the same as @pydantic/genai-prices knows them for text, and
 * the Priority processing prices of the models that have one (https://openai.com/api-priority-processing/
 * and the "Priority" tab of https://platform.openai.com/docs/pricing, read 2025-09; the same figures
 * as src/lib/pricing/discounts.ts's ratios, a unit test keeps them in step).
 */
export const OPENAI_PRICES: Readonly<Record<string, OpenAIPrice>> = {
  "gpt-4o-mini-2024-07-18": withPriority(usd(0.15, 0.075, 0.6), 0.25, 0.125, 1),
  "gpt-4o-2024-08-06": withPriority(usd(2.5, 1.25, 10), 4.25, 2.125, 17),
  "gpt-4.1-2025-04-14": withPriority(usd(2, 0.5, 8), 3.5, 0.875, 14),
  "gpt-4.1-mini-2025-04-14": withPriority(usd(0.4, 0.1, 1.6), 0.7, 0.175, 2.8),
  "gpt-4.1-nano-2025-04-14": withPriority(usd(0.1, 0.025, 0.4), 0.2, 0.05, 0.8),
  "o3-2025-04-16": withPriority(usd(2, 0.5, 8), 3.5, 0.875, 14),
  "o4-mini-2025-04-16": withPriority(usd(1.1, 0.275, 4.4), 2, 0.5, 8),
  "gpt-5-2025-08-07": withPriority(usd(1.25, 0.125, 10), 2.5, 0.25, 20),
  "gpt-5-mini-2025-08-07": withPriority(usd(0.25, 0.025, 2), 0.45, 0.045, 3.6),
  "gpt-5-nano-2025-08-07": usd(0.05, 0.005, 0.4),
  "o1-2024-12-17": usd(15, 7.5, 60),
  "o3-mini-2025-01-31": usd(1.1, 0.55, 4.4),
  "gpt-4o-audio-preview-2024-12-17": usd(2.5, 2.5, 10, [40, 80]),
  "gpt-4o-realtime-preview-2024-12-17": usd(5, 2.5, 20, [40, 80, 2.5]),
  "gpt-3.5-turbo-0125": usd(0.5, 0.5, 1.5),
  "gpt-4-turbo-2024-04-09": usd(10, 10, 30),
  "chatgpt-4o-latest": usd(5, 5, 15),
  "text-embedding-3-small": usd(0.02, 0.02, 0),
  "text-embedding-3-large": usd(0.13, 0.13, 0),
  "text-embedding-ada-002-v2": usd(0.1, 0.1, 0),
};

/**
 * Fine-tuned inference prices OpenAI publishes (pricing page, "Fine-tuning" section, read 2025-09).
 * A fine-tuned model of another base costs twice its base (the emulator's own rule).
 */
const FINE_TUNED_PRICES: Readonly<Record<string, OpenAIPrice>> = {
  "gpt-4o-2024-08-06": usd(3.75, 1.875, 15),
  "gpt-4o-mini-2024-07-18": usd(0.3, 0.15, 1.2),
  "gpt-4.1-2025-04-14": usd(3, 0.75, 12),
  "gpt-4.1-mini-2025-04-14": usd(0.8, 0.2, 3.2),
  "gpt-4.1-nano-2025-04-14": usd(0.2, 0.05, 0.8),
};

/** Tier factors in tenths of the standard price: batch and flex half. Priority has its own prices. */
const TIER_TENTHS = { standard: 10n, batch: 5n, flex: 5n } as const;
type Tier = keyof typeof TIER_TENTHS | "priority";
/** Fine-tuned models (`ft:<base>:...`) without a published price cost twice their base model. */
const FINE_TUNED_FACTOR = 2n;

/** One cost at the finest grain the emulator knows; `units` are 1e-11 USD. */
export interface CostAtom {
  project_id: string | null;
  api_key_id: string | null;
  line_item: string;
  units: bigint;
  quantity: number;
  /** what `quantity` counts; absent = tokens */
  quantity_unit?: string;
}

function priceOf(model: string): { price: OpenAIPrice; factor: bigint; label: string } | null {
  const ft = /^ft:([^:]+):/.exec(model);
  const base = ft ? ft[1]! : model;
  const price = OPENAI_PRICES[base];
  if (!price) return null;
  if (!ft) return { price, factor: 1n, label: base };
  const published = FINE_TUNED_PRICES[base];
  return published
    ? { price: published, factor: 1n, label: `ft-${base}` }
    : { price: { ...price, priority: undefined }, factor: FINE_TUNED_FACTOR, label: `ft-${base}` };
}

/** True when OpenAI publishes a Priority price for the model: others are served (and reported) at `default`. */
export function hasPriorityPrice(model: string): boolean {
  return !model.startsWith("ft:") && OPENAI_PRICES[model]?.priority !== undefined;
}

function tierOf(row: CompletionsRow): Tier {
  if (row.batch) return "batch";
  return row.service_tier === "flex" || row.service_tier === "priority" ? row.service_tier : "standard";
}

/**
 * Line items of one completions row: `<model>, input | cached input | output | audio input |
 * cached audio input | audio output`, with ` (batch)`, ` (flex)` or ` (priority)` after non-standard tiers.
 */
export function completionsCost(row: CompletionsRow): CostAtom[] {
  const priced = row.model ? priceOf(row.model) : null;
  if (!priced) return [];
  const { price, factor, label } = priced;
  let tier = tierOf(row);
  // A priority request for a model without a priority price is served, and billed, at the default tier.
  if (tier === "priority" && !price.priority) tier = "standard";
  const suffix = tier === "standard" ? "" : ` (${tier})`;
  const tenths = (tier === "priority" ? 10n : TIER_TENTHS[tier]) * factor;
  const text = tier === "priority" ? price.priority! : price;
  const audioIn = price.audioInput === undefined ? 0 : row.input_audio_tokens;
  const audioOut = price.audioOutput === undefined ? 0 : row.output_audio_tokens;
  // Cached audio tokens (counted in the cached input) are billed at the model's cached audio price;
  // where OpenAI lists none (gpt-4o-audio-preview) at the audio input price, not the cached text
  // rate: no discount is published, and the app's pricing applies the same rule (token-cost.ts).
  const cachedAudio = price.audioInput === undefined ? 0 : (row.input_cached_audio_tokens ?? 0);
  const parts: [string, number, number][] = [
    ["input", Math.max(0, row.input_tokens - row.input_cached_tokens - audioIn), text.input],
    ["cached input", row.input_cached_tokens - cachedAudio, text.cachedInput],
    ["output", Math.max(0, row.output_tokens - audioOut), text.output],
    ["audio input", audioIn + (price.cachedAudioInput === undefined ? cachedAudio : 0), price.audioInput ?? 0],
    ["cached audio input", price.cachedAudioInput === undefined ? 0 : cachedAudio, price.cachedAudioInput ?? 0],
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
