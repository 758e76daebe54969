/**
 * USD per 1M tokens for the OpenAI models CogniTrack sees most. These are ESTIMATES copied from
 * OpenAI's public price list as of 2025-09-01 (standard tier); check and update them when OpenAI
 * changes prices. Amounts are decimal strings so SQL can do exact numeric math with them.
 * `cachedInput` null = cached input is billed like input. Batch usage costs half (BATCH_FACTOR).
 */
export interface ModelPrice {
  /** Matches the model itself and its dated snapshots (`gpt-4o` matches `gpt-4o-2024-08-06`). */
  prefix: string;
  input: string;
  cachedInput: string | null;
  output: string;
}

export const PRICES_AS_OF = "2025-09-01";
export const BATCH_FACTOR = "0.5";

export const MODEL_PRICES: readonly ModelPrice[] = [
  { prefix: "gpt-5", input: "1.25", cachedInput: "0.125", output: "10.00" },
  { prefix: "gpt-5-mini", input: "0.25", cachedInput: "0.025", output: "2.00" },
  { prefix: "gpt-5-nano", input: "0.05", cachedInput: "0.005", output: "0.40" },
  { prefix: "gpt-4.1", input: "2.00", cachedInput: "0.50", output: "8.00" },
  { prefix: "gpt-4.1-mini", input: "0.40", cachedInput: "0.10", output: "1.60" },
  { prefix: "gpt-4.1-nano", input: "0.10", cachedInput: "0.025", output: "0.40" },
  { prefix: "gpt-4o", input: "2.50", cachedInput: "1.25", output: "10.00" },
  { prefix: "gpt-4o-2024-05-13", input: "5.00", cachedInput: null, output: "15.00" },
  { prefix: "gpt-4o-mini", input: "0.15", cachedInput: "0.075", output: "0.60" },
  { prefix: "gpt-4o-audio-preview", input: "2.50", cachedInput: null, output: "10.00" },
  { prefix: "gpt-4o-realtime-preview", input: "5.00", cachedInput: "2.50", output: "20.00" },
  { prefix: "chatgpt-4o-latest", input: "5.00", cachedInput: null, output: "15.00" },
  { prefix: "gpt-4-turbo", input: "10.00", cachedInput: null, output: "30.00" },
  { prefix: "gpt-4", input: "30.00", cachedInput: null, output: "60.00" },
  { prefix: "gpt-3.5-turbo", input: "0.50", cachedInput: null, output: "1.50" },
  { prefix: "o1", input: "15.00", cachedInput: "7.50", output: "60.00" },
  { prefix: "o1-mini", input: "1.10", cachedInput: "0.55", output: "4.40" },
  { prefix: "o1-pro", input: "150.00", cachedInput: null, output: "600.00" },
  { prefix: "o3", input: "2.00", cachedInput: "0.50", output: "8.00" },
  { prefix: "o3-mini", input: "1.10", cachedInput: "0.55", output: "4.40" },
  { prefix: "o3-pro", input: "20.00", cachedInput: null, output: "80.00" },
  { prefix: "o4-mini", input: "1.10", cachedInput: "0.275", output: "4.40" },
  { prefix: "text-embedding-3-small", input: "0.02", cachedInput: null, output: "0" },
  { prefix: "text-embedding-3-large", input: "0.13", cachedInput: null, output: "0" },
  { prefix: "text-embedding-ada-002", input: "0.10", cachedInput: null, output: "0" },
];
