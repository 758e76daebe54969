import { asc, eq } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { toKeyView } from "./view";

export async function listKeyRows(db: Db, orgId: string) {
  return db
    .select()
    .from(providerKeys)
    .where(eq(providerKeys.orgId, orgId))
    .orderBy(asc(providerKeys.createdAt), asc(providerKeys.id));
}

export async function listKeys(db: Db, actor: ActingAs) {
  assertCan(actor, "keys:read");
  return (await listKeyRows(db, actor.orgId)).map(toKeyView);
}
