import { findModelPrice } from "./lookup";
import { BATCH_FACTOR } from "./prices";

export interface TokenSums {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

/**
 * Estimated USD for token sums of one model, or null when the model has no known price.
 * Input tokens include the cached ones (OpenAI's convention), so only the rest pay the input
 * price. Linear in the sums on purpose: the cost of a sum is the sum of the costs, which is what
 * lets the rollup and the raw table agree to the last digit (see ./sql.ts).
 */
export function estimateCostUsd(model: string, sums: TokenSums, batch: boolean | null): number | null {
  const price = findModelPrice(model);
  if (!price) return null;
  const input = Number(price.input);
  const cached = price.cachedInput === null ? input : Number(price.cachedInput);
  const perMillion =
    (sums.inputTokens - sums.cachedInputTokens) * input +
    sums.cachedInputTokens * cached +
    sums.outputTokens * Number(price.output);
  return (perMillion / 1_000_000) * (batch ? Number(BATCH_FACTOR) : 1);
}
