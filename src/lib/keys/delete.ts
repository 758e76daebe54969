import { and, eq } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";

/** Deleting a key deletes its usage rows too (foreign key cascade): nothing orphaned stays behind. */
export async function deleteKey(db: Db, userId: string, keyId: string) {
  const deleted = await db
    .delete(providerKeys)
    .where(and(eq(providerKeys.id, keyId), eq(providerKeys.userId, userId)))
    .returning({ id: providerKeys.id });
  if (deleted.length === 0) throw notFound("Provider key");
  return { id: keyId, deleted: true };
}
