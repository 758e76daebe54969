import { and, eq } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";

/** Fetch-or-throw, always scoped to the owner: someone else's key id is indistinguishable from none. */
export async function getOwnedKeyRow(db: Db, userId: string, keyId: string) {
  const [row] = await db
    .select()
    .from(providerKeys)
    .where(and(eq(providerKeys.id, keyId), eq(providerKeys.userId, userId)));
  if (!row) throw notFound("Provider key");
  return row;
}
