import { isSnapshotOf } from "./model-match";
import type { PriceMap } from "./token-cost";
import type { PriceOverride } from "./types";

/**
 * The override for a model on a day: same provider, the model itself or a dated snapshot of it
 * (`gpt-4o` covers `gpt-4o-2024-08-06`, not `gpt-4o-mini`), effective that day; an override for
 * the exact name beats one for the undated name, then the latest start wins.
 */
export function findOverride(
  overrides: readonly PriceOverride[],
  provider: string,
  model: string,
  day: string,
): PriceOverride | null {
  const live = overrides.filter(
    (o) =>
      o.provider === provider &&
      isSnapshotOf(model, o.model) &&
      o.effectiveFrom <= day &&
      (o.effectiveTo === null || day <= o.effectiveTo),
  );
  if (live.length === 0) return null;
  const exact = live.filter((o) => o.model === model);
  return (exact.length ? exact : live).reduce((a, b) => (b.effectiveFrom > a.effectiveFrom ? b : a));
}

/** Token prices the override names replace the library's (flat: no long-context tier); other units (audio, images, searches) keep the library's. */
const REPLACED =
  /^(input|output|cache_read|cache_write|cache_write_5m|cache_write_1h|input_text|output_text|cache_text_read|cache_text_write)_mtok$/;

export function overridePrices(o: PriceOverride, library: PriceMap): PriceMap {
  const kept = Object.fromEntries(Object.entries(library).filter(([k]) => !REPLACED.test(k)));
  return {
    ...kept,
    input_mtok: o.inputPerMTok,
    cache_read_mtok: o.cachedInputPerMTok ?? o.inputPerMTok,
    cache_write_mtok: o.cacheWritePerMTok ?? o.inputPerMTok,
    output_mtok: o.outputPerMTok,
  };
}
