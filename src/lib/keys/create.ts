import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { accountForKey } from "@/lib/accounts/attach";
import type { AccountRef } from "@/lib/accounts/view";
import { maskSecret, seal } from "@/lib/crypto/envelope";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import type { CreateKeyInput } from "./schemas";
import { toKeyView, type ProviderKeyView } from "./view";

export function sealedColumns(apiKey: string) {
  const sealed = seal(apiKey);
  return {
    ciphertext: sealed.ciphertext,
    iv: sealed.iv,
    authTag: sealed.authTag,
    encryptionKeyVersion: sealed.keyVersion,
    maskedKey: maskSecret(apiKey),
  };
}

/**
 * Adds a key to the organization. A second admin key for the same provider organization joins
 * that organization's existing account (`account.attached`), so its usage is counted once.
 */
export async function createKey(
  db: Db,
  actor: ActingAs,
  input: CreateKeyInput,
  meta: { requestId?: string } = {},
): Promise<{ key: ProviderKeyView; account: AccountRef }> {
  assertCan(actor, "keys:write");
  return db.transaction(async (tx) => {
    const { account, attached } = await accountForKey(tx, actor.orgId, input);
    const [row] = await tx
      .insert(providerKeys)
      .values({
        orgId: actor.orgId,
        accountId: account.id,
        createdByUserId: actor.userId,
        provider: input.provider,
        label: input.label,
        usageMode: input.usageMode,
        organizationId: input.organizationId,
        projectId: input.projectId,
        ...sealedColumns(input.apiKey),
      })
      .returning();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "key.create",
      targetType: "provider_key",
      targetId: row!.id,
      requestId: meta.requestId,
      details: {
        label: row!.label,
        provider: row!.provider,
        usageMode: row!.usageMode,
        maskedKey: row!.maskedKey,
        accountId: account.id,
        attached,
      },
    });
    return { key: toKeyView(row!), account: { id: account.id, label: account.label, attached } };
  });
}
