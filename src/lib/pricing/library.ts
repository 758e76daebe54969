/**
 * The one door to @pydantic/genai-prices. Only its BUNDLED data is used: `updatePrices` (which
 * would fetch price data from GitHub at run time) is never called anywhere, so calcPrice reads the
 * data shipped in the pinned package version and nothing else. A unit test checks that no source
 * file names updatePrices/waitForUpdate and that pricing makes no network call.
 */
import { calcPrice, findProvider, type ModelPrice, type Usage } from "@pydantic/genai-prices";
import { createHash } from "node:crypto";

/** Our provider ids are the library's provider ids. */
const LIBRARY_PROVIDERS = ["openai", "anthropic"] as const;

export interface LibraryModelPrice {
  /** The library's model id (e.g. "gpt-4o" for "gpt-4o-2024-08-06"). */
  modelId: string;
  /** Prices in force at the requested time (dated prices resolved), keyed like `input_mtok`. */
  prices: ModelPrice;
}

/**
 * The library's prices for a model at a moment, or null when it does not know the model. `usage`
 * is checked for consistency by the library (cache reads above input throw); a throw is returned
 * as null by the caller, never as a wrong price.
 */
export function libraryModelPrice(
  provider: string,
  model: string,
  at: Date,
  usage: Usage = {},
): LibraryModelPrice | null {
  if (!(LIBRARY_PROVIDERS as readonly string[]).includes(provider)) return null;
  const result = calcPrice(usage, model, { providerId: provider, timestamp: at });
  if (!result) return null;
  return { modelId: result.model.id, prices: result.model_price };
}

/** A digest of the bundled price data we use: part of PRICING_VERSION, so new data re-prices stored usage. */
export function libraryDataDigest(): string {
  const data = LIBRARY_PROVIDERS.map((id) => findProvider({ providerId: id })?.models ?? null);
  return createHash("sha256").update(JSON.stringify(data)).digest("hex").slice(0, 16);
}
