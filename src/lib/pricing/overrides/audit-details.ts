import type { AuditDetails } from "@/lib/orgs/audit";
import type { PriceOverrideRow } from "./load";

/** The plain facts of an override for its audit entries. */
export function auditDetails(r: PriceOverrideRow): AuditDetails {
  return {
    provider: r.provider,
    model: r.model,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
    inputPerMTok: r.inputPerMTok,
    cachedInputPerMTok: r.cachedInputPerMTok,
    cacheWritePerMTok: r.cacheWritePerMTok,
    outputPerMTok: r.outputPerMTok,
  };
}
