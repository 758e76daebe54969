/**
 * THE discount table: what batch and service tiers do to a computed price. @pydantic/genai-prices
 * only knows standard (on-demand) prices, so every tier adjustment lives here and nowhere else.
 * A factor multiplies the whole row's standard cost. Sources (read 2025-09; check when the
 * providers change their pricing pages):
 *  - OpenAI Batch API: 50% off inputs and outputs. https://platform.openai.com/docs/guides/batch
 *  - OpenAI Flex processing: "priced at Batch API rates". https://platform.openai.com/docs/guides/flex-processing
 *  - OpenAI Priority processing: per-model prices on https://openai.com/api-priority-processing/ and the
 *    "Priority" tab of https://platform.openai.com/docs/pricing; the ratios below are priority / standard
 *    input price of each model family there (output ratios are the same). Unlisted models: 1.75, the
 *    most common ratio (an estimate, labelled as such by the whole figure being "Estimated").
 *  - OpenAI Scale Tier: prepaid capacity, billed as units, not per token: priced at standard rates.
 *  - Anthropic Message Batches: 50% off. https://docs.anthropic.com/en/docs/build-with-claude/batch-processing#pricing
 *  - Anthropic Priority Tier: a committed-spend contract; it publishes no per-token multiplier, so
 *    priority usage is priced at standard rates (add a price override for a negotiated rate).
 *  - Anthropic "flex"/"flex_discount" tiers: no published price; standard rates until there is one.
 */
import { longestPrefix } from "./model-match";

export const BATCH_FACTOR = "0.5";

/** OpenAI priority / standard price ratio per model family (longest prefix wins). */
export const OPENAI_PRIORITY_FACTORS: readonly { prefix: string; factor: string }[] = [
  { prefix: "gpt-5", factor: "2" },
  { prefix: "gpt-5-mini", factor: "1.8" },
  { prefix: "gpt-5-nano", factor: "2" },
  { prefix: "gpt-4.1", factor: "1.75" },
  { prefix: "gpt-4.1-mini", factor: "1.75" },
  { prefix: "gpt-4.1-nano", factor: "2" },
  { prefix: "gpt-4o", factor: "1.7" },
  { prefix: "gpt-4o-2024-05-13", factor: "1.75" },
  { prefix: "gpt-4o-mini", factor: "1.6666666667" },
  { prefix: "o3", factor: "1.75" },
  { prefix: "o4-mini", factor: "1.8181818182" },
];
export const OPENAI_PRIORITY_DEFAULT = "1.75";

/**
 * The factor for a row: batch wins (a batch row is never also flex or priority); then the service
 * tier; anything unknown is standard (1).
 */
export function discountFactor(row: {
  provider: string;
  model: string;
  batch: boolean | null;
  serviceTier: string | null;
}): string {
  const tier = row.serviceTier?.toLowerCase() ?? null;
  if (row.batch === true || tier === "batch") return BATCH_FACTOR;
  if (row.provider === "openai") {
    if (tier === "flex") return BATCH_FACTOR;
    if (tier === "priority") {
      return longestPrefix(row.model, OPENAI_PRIORITY_FACTORS, (p) => p.prefix)?.factor ?? OPENAI_PRIORITY_DEFAULT;
    }
  }
  return "1";
}
