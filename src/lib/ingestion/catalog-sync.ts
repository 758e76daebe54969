import { and, eq, sql } from "drizzle-orm";
import { providerCatalog, providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import type { CatalogEntry } from "@/lib/providers/openai";
import type { KeyRow } from "./key-source";

/** Names change rarely and listing them costs a request per project, so refresh twice a day at most. */
export const CATALOG_MAX_AGE_MS = 12 * 3600_000;

export function catalogIsStale(row: KeyRow, now: number) {
  return !row.catalogSyncedAt || now - row.catalogSyncedAt.getTime() > CATALOG_MAX_AGE_MS;
}

export async function storeCatalog(db: Db, row: KeyRow, entries: CatalogEntry[]) {
  const unique = new Map(entries.map((e) => [`${e.kind}:${e.externalId}`, e]));
  const values = [...unique.values()].map((e) => ({
    userId: row.userId,
    keyId: row.id,
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
        target: [providerCatalog.keyId, providerCatalog.kind, providerCatalog.externalId],
        set: { name: sql`excluded.name`, details: sql`excluded.details`, updatedAt: sql`excluded.updated_at` },
      });
  }
  await db
    .update(providerKeys)
    .set({ catalogSyncedAt: new Date() })
    .where(and(eq(providerKeys.id, row.id), eq(providerKeys.userId, row.userId)));
  return values.length;
}
