import { and, count, eq } from "drizzle-orm";
import { providerAccounts, providerKeys, usageEvents } from "@/db/schema";
import type { Db } from "@/db/types";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";

/**
 * The only way usage history is deleted: the account with its keys, usage rows, cubes and names
 * (foreign key cascades). Owners only, and only with the account's label typed as confirmation.
 */
export async function deleteAccount(
  db: Db,
  actor: ActingAs,
  accountId: string,
  input: { confirm: string },
  meta: { requestId?: string } = {},
) {
  assertCan(actor, "accounts:delete");
  const scope = and(eq(providerAccounts.id, accountId), eq(providerAccounts.orgId, actor.orgId));
  const [account] = await db.select().from(providerAccounts).where(scope);
  if (!account) throw notFound("Provider account");
  if (input.confirm.trim() !== account.label.trim()) {
    throw new AppError(
      "VALIDATION_FAILED",
      `To delete this account and all of its usage history, type its label exactly: "${account.label}".`,
    );
  }
  return db.transaction(async (tx) => {
    const [keys] = await tx.select({ n: count() }).from(providerKeys).where(eq(providerKeys.accountId, accountId));
    const [rows] = await tx.select({ n: count() }).from(usageEvents).where(eq(usageEvents.accountId, accountId));
    await tx.delete(providerAccounts).where(scope);
    const summary = { keys: Number(keys?.n ?? 0), usageRows: Number(rows?.n ?? 0) };
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "account.delete",
      targetType: "provider_account",
      targetId: accountId,
      requestId: meta.requestId,
      details: { label: account.label, provider: account.provider, ...summary },
    });
    return { id: accountId, deleted: true, ...summary };
  });
}
