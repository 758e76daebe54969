import { and, eq } from "drizzle-orm";
import { providerAccounts, providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { accountForKey, externalIdOf } from "@/lib/accounts/attach";
import type { AccountRef } from "@/lib/accounts/view";
import { decryptKey, type KeyRow } from "@/lib/ingestion/key-source";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { getProviderAdapter } from "@/lib/providers/registry";
import { parseOrThrow } from "@/lib/validation";
import { sealedColumns } from "./create";
import { getOrgKeyRow } from "./get";
import type { UpdateKeyInput } from "./schemas";
import { toKeyView, type ProviderKeyView } from "./view";

/**
 * The key as it will be, checked by its provider's own rules (mode and ids for OpenAI; none for
 * Anthropic). The stored plaintext is opened only when the key itself is not being replaced.
 */
function checkMerged(current: KeyRow, input: UpdateKeyInput) {
  const keyFieldsUnchanged = [input.apiKey, input.usageMode, input.organizationId, input.projectId].every(
    (v) => v === undefined,
  );
  if (keyFieldsUnchanged) {
    return { usageMode: current.usageMode, organizationId: current.organizationId, projectId: current.projectId };
  }
  const merged = {
    apiKey: input.apiKey ?? decryptKey(current),
    usageMode: input.usageMode ?? current.usageMode,
    organizationId: input.organizationId !== undefined ? input.organizationId : current.organizationId,
    projectId: input.projectId !== undefined ? input.projectId : current.projectId,
  };
  const { usageMode, organizationId, projectId } = parseOrThrow(
    getProviderAdapter(current.provider).keyInput,
    merged,
    "body",
  );
  return { usageMode, organizationId, projectId };
}

/**
 * Edits a key. When its mode or provider organization changes it now reports on another account:
 * it moves there (found or created), and the usage already stored stays with the old account.
 */
export async function updateKey(
  db: Db,
  actor: ActingAs,
  keyId: string,
  input: UpdateKeyInput,
  meta: { requestId?: string } = {},
): Promise<{ key: ProviderKeyView; account: AccountRef }> {
  assertCan(actor, "keys:write");
  return db.transaction(async (tx) => {
    const current = await getOrgKeyRow(tx, actor.orgId, keyId);
    const merged = checkMerged(current, input);
    const label = input.label ?? current.label;
    const credentialsChanged =
      input.apiKey !== undefined ||
      merged.usageMode !== current.usageMode ||
      merged.organizationId !== current.organizationId ||
      merged.projectId !== current.projectId;
    const moves = merged.usageMode !== current.usageMode || externalIdOf(merged) !== externalIdOf(current);
    const target = moves
      ? await accountForKey(tx, actor.orgId, { ...merged, provider: current.provider, label })
      : null;
    const [row] = await tx
      .update(providerKeys)
      .set({
        label,
        ...merged,
        ...(target ? { accountId: target.account.id } : {}),
        ...(input.apiKey ? sealedColumns(input.apiKey) : {}),
        // A new key or scope has not been synced yet: do not show the old key's status against it.
        ...(credentialsChanged ? { lastSyncStatus: "never" as const, lastSyncMessage: null } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(providerKeys.id, keyId), eq(providerKeys.orgId, actor.orgId)))
      .returning();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "key.update",
      targetType: "provider_key",
      targetId: keyId,
      requestId: meta.requestId,
      details: {
        label: row!.label,
        fields: Object.keys(input).filter((k) => k !== "apiKey"),
        keyReplaced: input.apiKey !== undefined,
        accountId: row!.accountId,
        movedAccount: Boolean(target),
      },
    });
    const account = target
      ? { id: target.account.id, label: target.account.label, attached: target.attached }
      : await accountRef(tx, row!.accountId);
    return { key: toKeyView(row!), account };
  });
}

async function accountRef(db: Db, accountId: string): Promise<AccountRef> {
  const [a] = await db
    .select({ id: providerAccounts.id, label: providerAccounts.label })
    .from(providerAccounts)
    .where(eq(providerAccounts.id, accountId));
  return { id: a!.id, label: a!.label, attached: false };
}
