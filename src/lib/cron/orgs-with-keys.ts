import { asc, min, sql } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";

/** Organizations with at least one key, least recently synced first. */
export async function orgsWithKeys(db: Db): Promise<string[]> {
  const rows = await db
    .select({ orgId: providerKeys.orgId, oldest: min(providerKeys.lastSyncAt) })
    .from(providerKeys)
    .groupBy(providerKeys.orgId)
    .orderBy(sql`${min(providerKeys.lastSyncAt)} asc nulls first`, asc(providerKeys.orgId));
  return rows.map((r) => r.orgId);
}
