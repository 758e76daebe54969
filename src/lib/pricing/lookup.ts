import { MODEL_PRICES, type ModelPrice } from "./prices";

/** True when `prefix` is the model itself or the model continues it after a dash (a snapshot). */
export function prefixMatches(model: string, prefix: string): boolean {
  return model === prefix || model.startsWith(`${prefix}-`);
}

/** The longest matching prefix wins, so `gpt-4o-mini-2024-07-18` is gpt-4o-mini, not gpt-4o. */
export function findModelPrice(model: string, prices: readonly ModelPrice[] = MODEL_PRICES): ModelPrice | null {
  let best: ModelPrice | null = null;
  for (const p of prices) {
    if (prefixMatches(model, p.prefix) && (!best || p.prefix.length > best.prefix.length)) best = p;
  }
  return best;
}
