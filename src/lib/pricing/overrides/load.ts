import { asc, eq } from "drizzle-orm";
import { priceOverrides } from "@/db/schema";
import type { Db } from "@/db/types";
import type { PriceOverride } from "../types";

export type PriceOverrideRow = typeof priceOverrides.$inferSelect;

export function toPriceOverride(r: PriceOverrideRow): PriceOverride {
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
  };
}

/** Every override of an organization (a handful of rows), for pricing a batch of its usage. */
export async function loadPriceOverrides(db: Db, orgId: string): Promise<PriceOverride[]> {
  const rows = await db
    .select()
    .from(priceOverrides)
    .where(eq(priceOverrides.orgId, orgId))
    .orderBy(asc(priceOverrides.effectiveFrom));
  return rows.map(toPriceOverride);
}
