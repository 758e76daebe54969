import type { providerKeys } from "@/db/schema";

type KeyRow = typeof providerKeys.$inferSelect;

/** What leaves the server about a key: never the plaintext, never the ciphertext. */
export interface ProviderKeyView {
  id: string;
  /** The provider account the key is a credential of; usage belongs to the account. */
  accountId: string;
  provider: KeyRow["provider"];
  label: string;
  usageMode: KeyRow["usageMode"];
  organizationId: string | null;
  projectId: string | null;
  maskedKey: string;
  lastSyncAt: string | null;
  lastSyncStatus: KeyRow["lastSyncStatus"];
  lastSyncMessage: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toKeyView(row: KeyRow): ProviderKeyView {
  return {
    id: row.id,
    accountId: row.accountId,
    provider: row.provider,
    label: row.label,
    usageMode: row.usageMode,
    organizationId: row.organizationId,
    projectId: row.projectId,
    maskedKey: row.maskedKey,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastSyncStatus: row.lastSyncStatus,
    lastSyncMessage: row.lastSyncMessage,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
