"use client";

import { useState } from "react";
import type { AccountView } from "@/lib/accounts/view";
import type { ProviderKeyView } from "@/lib/keys/view";
import { KeyRow } from "./key-row";

function keySummary(n: number) {
  if (n === 0) return "No keys left · history kept";
  if (n === 1) return "1 key";
  return `${n} keys · usage counted once`;
}

/** One provider account: its keys, and (for owners) deleting it with its history after typing its label. */
export function AccountCard({
  account,
  canWrite,
  canDelete,
  onKeySaved,
  onDeleteKey,
  onDeleteAccount,
}: {
  account: AccountView;
  canWrite: boolean;
  canDelete: boolean;
  onKeySaved: (key: ProviderKeyView) => void;
  onDeleteKey: (key: ProviderKeyView) => Promise<void> | void;
  onDeleteAccount: (confirm: string) => Promise<void> | void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const confirmId = `confirm-account-${account.id}`;
  const matches = typed.trim() === account.label.trim();

  return (
    <li className="card account-card" aria-label={`Account ${account.label}`}>
      <div className="card-header" style={{ marginBottom: 0 }}>
        <div style={{ minWidth: 0 }}>
          <div className="row" style={{ gap: "0.5rem" }}>
            <strong>{account.label}</strong>
            <span className="badge">{account.provider === "openai" ? "OpenAI" : account.provider}</span>
            <span className="badge badge-accent" data-testid="account-key-count">
              {keySummary(account.keys.length)}
            </span>
          </div>
          <div className="small muted" style={{ marginTop: "0.25rem", overflowWrap: "anywhere" }}>
            {account.externalId ? `Organization ${account.externalId}` : "Standard key (its own account)"}
          </div>
        </div>
        {canDelete && !confirming && (
          <button className="btn btn-sm btn-danger" type="button" onClick={() => setConfirming(true)}>
            Delete account<span className="sr-only"> {account.label}</span>
          </button>
        )}
      </div>
      {confirming && (
        <form
          className="confirm-delete"
          aria-label={`Delete account ${account.label}`}
          onSubmit={(e) => {
            e.preventDefault();
            if (matches) void onDeleteAccount(typed);
          }}
        >
          <p className="small" style={{ marginTop: 0 }}>
            This deletes the account, its {account.keys.length === 1 ? "key" : `${account.keys.length} keys`} and{" "}
            <strong>all of its usage history</strong>. It cannot be undone.
          </p>
          <label htmlFor={confirmId}>
            Type <span className="mono">{account.label}</span> to confirm
          </label>
          <input id={confirmId} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          <div className="row" style={{ gap: "0.5rem", marginTop: "0.6rem" }}>
            <button className="btn btn-sm btn-danger" type="submit" disabled={!matches}>
              Delete account and history
            </button>
            <button className="btn btn-sm" type="button" onClick={() => (setConfirming(false), setTyped(""))}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {account.keys.length > 0 && (
        <ul className="stack account-keys" aria-label={`Keys of ${account.label}`}>
          {account.keys.map((key) => (
            <KeyRow
              key={key.id}
              keyView={key}
              canWrite={canWrite}
              onChange={onKeySaved}
              onDelete={() => onDeleteKey(key)}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
