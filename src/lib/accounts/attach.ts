import { and, eq } from "drizzle-orm";
import { providerAccounts } from "@/db/schema";
import type { Db } from "@/db/types";

export type AccountRow = typeof providerAccounts.$inferSelect;

export interface KeyIdentity {
  provider: AccountRow["provider"];
  usageMode: "standard" | "admin";
  organizationId: string | null;
  label: string;
}

/**
 * The provider organization a key reports on, when it says: an admin key's organization id. A
 * standard key reads its own legacy usage, so it is always its own account (null).
 */
export function externalIdOf(key: Pick<KeyIdentity, "usageMode" | "organizationId">): string | null {
  return key.usageMode === "admin" && key.organizationId ? key.organizationId : null;
}

/**
 * The account a key is a credential of: the organization's existing account for the same provider
 * organization (`attached: true`; its usage is then counted once, whichever key fetched it), or a
 * new one named after the key.
 */
export async function accountForKey(
  db: Db,
  orgId: string,
  key: KeyIdentity,
): Promise<{ account: AccountRow; attached: boolean }> {
  const externalId = externalIdOf(key);
  const values = { orgId, provider: key.provider, externalId, label: key.label };
  if (externalId === null) {
    const [account] = await db.insert(providerAccounts).values(values).returning();
    return { account: account!, attached: false };
  }
  const [created] = await db.insert(providerAccounts).values(values).onConflictDoNothing().returning();
  if (created) return { account: created, attached: false };
  const [existing] = await db
    .select()
    .from(providerAccounts)
    .where(
      and(
        eq(providerAccounts.orgId, orgId),
        eq(providerAccounts.provider, key.provider),
        eq(providerAccounts.externalId, externalId),
      ),
    );
  return { account: existing!, attached: true };
}
