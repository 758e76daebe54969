import { and, eq } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";

/**
 * Fetch-or-throw, always scoped to the organization: another organization's key id is
 * indistinguishable from none (404).
 */
export async function getOrgKeyRow(db: Db, orgId: string, keyId: string) {
  const [row] = await db
    .select()
    .from(providerKeys)
    .where(and(eq(providerKeys.id, keyId), eq(providerKeys.orgId, orgId)));
  if (!row) throw notFound("Provider key");
  return row;
}

export async function getKeyRow(db: Db, actor: ActingAs, keyId: string) {
  assertCan(actor, "keys:read");
  return getOrgKeyRow(db, actor.orgId, keyId);
}
