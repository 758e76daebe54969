import type { ProviderAdapter } from "./adapter";
import { anthropicAdapter } from "./anthropic/adapter";
import { openaiAdapter } from "./openai/adapter";
import { PROVIDER_IDS, type ProviderId } from "./types";

const ADAPTERS: Record<ProviderId, ProviderAdapter> = {
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
};

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === "string" && (PROVIDER_IDS as readonly string[]).includes(value);
}

/** The adapter for a provider id; ingestion and keys never name a provider themselves. */
export function getProviderAdapter(id: ProviderId): ProviderAdapter {
  const adapter = isProviderId(id) ? ADAPTERS[id] : undefined;
  // A stored row can hold a provider this build does not know (e.g. after a downgrade).
  if (!adapter) throw new RangeError(`No adapter for provider "${String(id).slice(0, 40)}".`);
  return adapter;
}

/** Null instead of a throw, for rows read from the database. */
export function findProviderAdapter(id: string): ProviderAdapter | null {
  return isProviderId(id) ? ADAPTERS[id] : null;
}

export function listProviderAdapters(): ProviderAdapter[] {
  return PROVIDER_IDS.map((id) => ADAPTERS[id]);
}
