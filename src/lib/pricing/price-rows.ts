import type { Db } from "@/db/types";
import { loadPriceOverrides } from "./overrides/load";
import { priceUsageRow } from "./price-row";
import type { PriceableUsage } from "./types";

export type PriceableUsageRow = PriceableUsage & { windowStart: Date };

/** cost_usd for each row of one organization's batch (same order), with the organization's overrides. */
export async function priceUsageRows(
  db: Db,
  orgId: string,
  rows: readonly PriceableUsageRow[],
): Promise<(string | null)[]> {
  if (rows.length === 0) return [];
  const overrides = await loadPriceOverrides(db, orgId);
  return rows.map((r) => priceUsageRow(r, r.windowStart, overrides));
}
