/** The price that applies to a model on a day, and where it comes from: the organization's override, the library, or none. */
import type { Db } from "@/db/types";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { libraryModelPrice } from "./library";
import { findOverride } from "./override-match";
import { loadPriceOverrides } from "./overrides/load";
import { supplementPrices, type SupplementRow } from "./supplement";
import type { PriceMap } from "./token-cost";
import type { PriceOverride } from "./types";

/** A price from the supplement table (a price the library lacks), shown with its own source. */
export interface SupplementPriceView {
  source: "supplement";
  /** The library's price key, e.g. `input_audio_mtok`. */
  priceKey: string;
  perMTok: string;
  /** Set for a long-context tier: the price above this many input tokens per request. */
  aboveInputTokens: number | null;
  sourceUrl: string;
  readOn: string;
}

export interface EffectivePrice {
  provider: string;
  model: string;
  day: string;
  source: "override" | "library" | "none";
  overrideId: string | null;
  /** The library's model id when it knows the model. */
  libraryModel: string | null;
  /** USD per 1M tokens as decimal text (a long-context model's base tier for library prices). */
  inputPerMTok: string | null;
  cachedInputPerMTok: string | null;
  outputPerMTok: string | null;
  /** Prices the library lacks for this model, filled from the supplement table (src/lib/pricing/supplement.ts). */
  supplementPrices: SupplementPriceView[];
}

const view = (r: SupplementRow): SupplementPriceView => ({
  source: "supplement",
  priceKey: r.priceKey,
  perMTok: r.perMTok,
  aboveInputTokens: r.aboveInputTokens ?? null,
  sourceUrl: r.sourceUrl,
  readOn: r.readOn,
});

const base = (v: unknown): string | null =>
  typeof v === "number" ? String(v) : v && typeof v === "object" && "base" in v ? String(v.base) : null;

export async function effectivePrice(
  db: Db,
  actor: ActingAs,
  q: { provider: string; model: string; day: string },
): Promise<EffectivePrice> {
  assertCan(actor, "usage:read");
  return resolveEffectivePrice(await loadPriceOverrides(db, actor.orgId), q);
}

/** The same answer from overrides already loaded, so a list of models costs one query for the overrides. */
export function resolveEffectivePrice(
  overrides: readonly PriceOverride[],
  q: { provider: string; model: string; day: string },
): EffectivePrice {
  const override = findOverride(overrides, q.provider, q.model, q.day);
  const library = libraryModelPrice(q.provider, q.model, new Date(`${q.day}T00:00:00Z`));
  const supplemented = library
    ? supplementPrices(q.provider, library.modelId, library.prices as PriceMap).used.map(view)
    : [];
  if (override) {
    return {
      ...q,
      source: "override",
      overrideId: override.id,
      libraryModel: library?.modelId ?? null,
      inputPerMTok: override.inputPerMTok,
      cachedInputPerMTok: override.cachedInputPerMTok ?? override.inputPerMTok,
      outputPerMTok: override.outputPerMTok,
      // The override replaces token prices only (no long-context tier); audio and the like keep the supplement's.
      supplementPrices: supplemented.filter(
        (p) => p.aboveInputTokens === null && !/^(input|output|cache_\w+)_mtok$/.test(p.priceKey),
      ),
    };
  }
  const p = library?.prices;
  return {
    ...q,
    source: library ? "library" : "none",
    overrideId: null,
    libraryModel: library?.modelId ?? null,
    inputPerMTok: base(p?.input_mtok),
    cachedInputPerMTok: base(p?.cache_read_mtok) ?? base(p?.input_mtok),
    outputPerMTok: base(p?.output_mtok),
    supplementPrices: supplemented,
  };
}
