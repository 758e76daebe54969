import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { providerAccounts, providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import type { AccountRow } from "@/lib/accounts/attach";
import { open } from "@/lib/crypto/envelope";
import type { AppConfig } from "@/lib/env";
import type { ProviderKeyInput, ProviderSession } from "@/lib/providers/adapter";
import { getProviderAdapter } from "@/lib/providers/registry";
import type { RequestObserver } from "@/lib/providers/types";

export type KeyRow = typeof providerKeys.$inferSelect;

/** A provider account and the keys that can read its usage, the one most likely to work first. */
export interface AccountSource {
  account: AccountRow;
  keys: KeyRow[];
}

/** The organization's accounts that have at least one key (an account without keys has nothing to fetch with). */
export async function loadOrgAccounts(db: Db, orgId: string, accountIds?: string[]): Promise<AccountSource[]> {
  const scope = eq(providerAccounts.orgId, orgId);
  const [accounts, keys] = await Promise.all([
    db
      .select()
      .from(providerAccounts)
      .where(accountIds?.length ? and(scope, inArray(providerAccounts.id, accountIds)) : scope)
      .orderBy(asc(providerAccounts.createdAt), asc(providerAccounts.id)),
    db
      .select()
      .from(providerKeys)
      .where(eq(providerKeys.orgId, orgId))
      // Keys whose last sync failed go last: another key of the account probably still works.
      .orderBy(sql`(${providerKeys.lastSyncStatus} = 'failed')`, asc(providerKeys.createdAt), asc(providerKeys.id)),
  ]);
  return accounts
    .map((account) => ({ account, keys: keys.filter((k) => k.accountId === account.id) }))
    .filter((a) => a.keys.length > 0);
}

/** The plaintext exists only for the duration of one key's ingestion. */
export function decryptKey(row: KeyRow): string {
  return open({ ciphertext: row.ciphertext, iv: row.iv, authTag: row.authTag, keyVersion: row.encryptionKeyVersion });
}

export async function recordKeySync(
  db: Db,
  row: KeyRow,
  status: "ok" | "partial" | "failed" | "simulated",
  message: string | null,
) {
  await db
    .update(providerKeys)
    .set({ lastSyncAt: new Date(), lastSyncStatus: status, lastSyncMessage: message })
    .where(and(eq(providerKeys.id, row.id), eq(providerKeys.orgId, row.orgId)));
}

/**
 * The key connected through its provider's adapter (the registry picks it; nothing here names a
 * provider). The plaintext lives only inside the session.
 */
export function connectKey(
  row: KeyRow,
  config: AppConfig,
  deps: { observer?: RequestObserver; fetch?: typeof fetch } = {},
): ProviderSession {
  const input: ProviderKeyInput = {
    apiKey: decryptKey(row),
    usageMode: row.usageMode,
    organizationId: row.organizationId,
    projectId: row.projectId,
  };
  return getProviderAdapter(row.provider).connect(input, { config, observer: deps.observer, fetch: deps.fetch });
}
