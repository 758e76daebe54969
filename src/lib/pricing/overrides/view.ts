import type { PriceOverrideRow } from "./load";

/** What the API and the page show of an override. */
export interface PriceOverrideView {
  id: string;
  provider: string;
  model: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  inputPerMTok: string;
  cachedInputPerMTok: string | null;
  cacheWritePerMTok: string | null;
  outputPerMTok: string;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toOverrideView(r: PriceOverrideRow): PriceOverrideView {
  return {
    id: r.id,
    provider: r.provider,
    model: r.model,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
    inputPerMTok: r.inputPerMTok,
    cachedInputPerMTok: r.cachedInputPerMTok,
    cacheWritePerMTok: r.cacheWritePerMTok,
    outputPerMTok: r.outputPerMTok,
    note: r.note,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
