import { and, eq, inArray } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { open } from "@/lib/crypto/envelope";

export type KeyRow = typeof providerKeys.$inferSelect;

export async function loadUserKeys(db: Db, userId: string, keyIds?: string[]): Promise<KeyRow[]> {
  const scope = eq(providerKeys.userId, userId);
  return db
    .select()
    .from(providerKeys)
    .where(keyIds?.length ? and(scope, inArray(providerKeys.id, keyIds)) : scope)
    .orderBy(providerKeys.createdAt);
}

/** The plaintext exists only for the duration of one key's ingestion. */
export function decryptKey(row: KeyRow): string {
  return open({ ciphertext: row.ciphertext, iv: row.iv, authTag: row.authTag, keyVersion: row.encryptionKeyVersion });
}

export async function recordKeySync(
  db: Db,
  row: KeyRow,
  status: "ok" | "partial" | "failed" | "simulated",
  message: string | null,
) {
  await db
    .update(providerKeys)
    .set({ lastSyncAt: new Date(), lastSyncStatus: status, lastSyncMessage: message })
    .where(and(eq(providerKeys.id, row.id), eq(providerKeys.userId, row.userId)));
}
