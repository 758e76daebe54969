import { and, eq, sql } from "drizzle-orm";
import { providerAccounts, providerCatalog } from "@/db/schema";
import type { Db } from "@/db/types";
import type { AccountRow } from "@/lib/accounts/attach";
import type { CatalogEntry } from "@/lib/providers/types";

/** Names change rarely and listing them costs a request per project, so refresh twice a day at most. */
export const CATALOG_MAX_AGE_MS = 12 * 3600_000;

export function catalogIsStale(account: AccountRow, now: number) {
  return !account.catalogSyncedAt || now - account.catalogSyncedAt.getTime() > CATALOG_MAX_AGE_MS;
}

export async function storeCatalog(db: Db, account: AccountRow, entries: CatalogEntry[]) {
  const unique = new Map(entries.map((e) => [`${e.kind}:${e.externalId}`, e]));
  const values = [...unique.values()].map((e) => ({
    orgId: account.orgId,
    accountId: account.id,
    kind: e.kind,
    externalId: e.externalId,
    name: e.name,
    details: e.details,
    updatedAt: new Date(),
  }));
  for (let i = 0; i < values.length; i += 500) {
    await db
      .insert(providerCatalog)
      .values(values.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [providerCatalog.accountId, providerCatalog.kind, providerCatalog.externalId],
        set: { name: sql`excluded.name`, details: sql`excluded.details`, updatedAt: sql`excluded.updated_at` },
      });
  }
  await db
    .update(providerAccounts)
    .set({ catalogSyncedAt: new Date() })
    .where(and(eq(providerAccounts.id, account.id), eq(providerAccounts.orgId, account.orgId)));
  return values.length;
}
