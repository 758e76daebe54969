/**
 * The one door to @pydantic/genai-prices. Only its BUNDLED data is used: `updatePrices` (which
 * would fetch price data from GitHub at run time) is never called anywhere, so calcPrice reads the
 * data shipped in the pinned package version and nothing else. A unit test checks that no source
 * file names updatePrices/waitForUpdate and that pricing makes no network call.
 */
import { calcPrice, findProvider, type ModelPrice } from "@pydantic/genai-prices";
import { createHash } from "node:crypto";

/** Our provider ids are the library's provider ids. */
const LIBRARY_PROVIDERS = ["openai", "anthropic"] as const;

export interface LibraryModelPrice {
  /** The library's model id (e.g. "gpt-4o" for "gpt-4o-2024-08-06"). */
  modelId: string;
  /** Prices in force at the requested time (dated prices resolved), keyed like `input_mtok`. */
  prices: ModelPrice;
}

/** calcPrice costs ~0.2 ms (it matches the model against every pattern); a day's rows share a few models. */
const resolved = new Map<string, LibraryModelPrice | null>();
const MAX_CACHED = 20_000;

/**
 * The library's prices for a model at a moment, or null when it does not know the model (or its
 * price data is inconsistent, which the library reports by throwing). Usage consistency is
 * checked by our own decomposition (token-cost.ts), so no usage is passed here.
 */
export function libraryModelPrice(provider: string, model: string, at: Date): LibraryModelPrice | null {
  if (!(LIBRARY_PROVIDERS as readonly string[]).includes(provider)) return null;
  const key = `${provider}\u0000${model}\u0000${at.getTime()}`;
  const hit = resolved.get(key);
  if (hit !== undefined) return hit;
  let found: LibraryModelPrice | null = null;
  try {
    const result = calcPrice({}, model, { providerId: provider, timestamp: at });
    if (result) found = { modelId: result.model.id, prices: result.model_price };
  } catch {
    found = null;
  }
  if (resolved.size >= MAX_CACHED) resolved.clear();
  resolved.set(key, found);
  return found;
}

/** A digest of the bundled price data we use: part of PRICING_VERSION, so new data re-prices stored usage. */
export function libraryDataDigest(): string {
  const data = LIBRARY_PROVIDERS.map((id) => findProvider({ providerId: id })?.models ?? null);
  return createHash("sha256").update(JSON.stringify(data)).digest("hex").slice(0, 16);
}
