import type { ProviderKeyView } from "@/lib/keys/view";
import type { AccountRow } from "./attach";

/** A provider account as the API and the Keys page show it, with its keys. */
export interface AccountView {
  id: string;
  provider: AccountRow["provider"];
  /** The provider's own organization id; null for a standard key's account. */
  externalId: string | null;
  label: string;
  createdAt: string;
  keys: ProviderKeyView[];
}

export function toAccountView(row: AccountRow, keys: ProviderKeyView[]): AccountView {
  return {
    id: row.id,
    provider: row.provider,
    externalId: row.externalId,
    label: row.label,
    createdAt: row.createdAt.toISOString(),
    keys,
  };
}

/** What key create/update answers about the account the key belongs to. */
export interface AccountRef {
  id: string;
  label: string;
  /** True when the key joined an account that already existed (same provider organization). */
  attached: boolean;
}
