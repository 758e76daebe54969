import { asc, eq } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { toKeyView } from "./view";

export async function listKeyRows(db: Db, userId: string) {
  return db.select().from(providerKeys).where(eq(providerKeys.userId, userId)).orderBy(asc(providerKeys.createdAt));
}

export async function listKeys(db: Db, userId: string) {
  return (await listKeyRows(db, userId)).map(toKeyView);
}
