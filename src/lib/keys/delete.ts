import { and, count, eq } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";

/**
 * Removes one credential. Usage belongs to the key's provider account, so its history stays
 * (rotating a key = add the new one, delete the old one); only deleting the account deletes data.
 */
export async function deleteKey(db: Db, actor: ActingAs, keyId: string, meta: { requestId?: string } = {}) {
  assertCan(actor, "keys:write");
  return db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(providerKeys)
      .where(and(eq(providerKeys.id, keyId), eq(providerKeys.orgId, actor.orgId)))
      .returning({
        id: providerKeys.id,
        label: providerKeys.label,
        maskedKey: providerKeys.maskedKey,
        accountId: providerKeys.accountId,
      });
    if (!deleted) throw notFound("Provider key");
    const [left] = await tx
      .select({ n: count() })
      .from(providerKeys)
      .where(eq(providerKeys.accountId, deleted.accountId));
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "key.delete",
      targetType: "provider_key",
      targetId: keyId,
      requestId: meta.requestId,
      details: { label: deleted.label, maskedKey: deleted.maskedKey, accountId: deleted.accountId },
    });
    return {
      id: keyId,
      deleted: true,
      historyKept: true,
      account: { id: deleted.accountId, remainingKeys: Number(left?.n ?? 0) },
    };
  });
}
