"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AccountRef, AccountView } from "@/lib/accounts/view";
import type { ProviderKeyView } from "@/lib/keys/view";
import { apiErrorMessage } from "../api-error";
import { AccountCard } from "./account-card";
import { KeyForm } from "./key-form";
import { StatusNotice, type Notice } from "@/components/status-notice";

const WELCOME = {
  account: "Account created. Add an OpenAI key to start tracking usage.",
  organization: "Organization created. Add an OpenAI key to start tracking its usage.",
};

/**
 * The organization's provider accounts with their keys. Data comes from the server; every change
 * goes through the API and then re-renders the page, so what is shown is what is stored.
 */
export function KeyManager({
  accounts,
  canWrite,
  canDeleteAccounts,
  welcome,
}: {
  accounts: AccountView[];
  canWrite: boolean;
  canDeleteAccounts: boolean;
  welcome?: keyof typeof WELCOME;
}) {
  const router = useRouter();
  const keyCount = accounts.reduce((n, a) => n + a.keys.length, 0);
  const [adding, setAdding] = useState(canWrite && keyCount === 0);
  const [notice, setNotice] = useState<Notice>(welcome ? { kind: "ok", text: WELCOME[welcome] } : null);

  const done = (n: Notice) => {
    setNotice(n);
    router.refresh();
  };

  async function removeKey(key: ProviderKeyView) {
    const res = await fetch(`/api/keys/${key.id}`, { method: "DELETE" });
    if (!res.ok) return setNotice({ kind: "error", text: await apiErrorMessage(res) });
    done({ kind: "ok", text: `Deleted “${key.label}”. Its usage history is kept with the account.` });
  }

  async function removeAccount(account: AccountView, confirm: string) {
    const res = await fetch(`/api/accounts/${account.id}`, {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ confirm }),
    });
    if (!res.ok) return setNotice({ kind: "error", text: await apiErrorMessage(res) });
    done({ kind: "ok", text: `Deleted the account “${account.label}”, its keys and its usage history.` });
  }

  function added(key: ProviderKeyView, account: AccountRef) {
    setAdding(false);
    done({
      kind: "ok",
      text: account.attached
        ? `Added “${key.label}” to the existing account “${account.label}” (same provider organization): its usage is counted once.`
        : `Added “${key.label}” (${key.maskedKey}).`,
    });
  }

  return (
    <div className="stack">
      <StatusNotice notice={notice} />
      <section className="card" aria-labelledby="keys-heading">
        <div className="card-header">
          <h2 id="keys-heading">
            Provider accounts <span className="muted">({accounts.length})</span>
          </h2>
          {canWrite && !adding && (
            <button className="btn btn-primary" type="button" onClick={() => setAdding(true)}>
              Add key
            </button>
          )}
        </div>
        {accounts.length === 0 && !adding ? (
          <div className="empty">
            <h2>No keys yet</h2>
            <p>
              {canWrite
                ? "Add an OpenAI admin key to pull your organization's usage."
                : "An admin of this organization can add an OpenAI key; its usage will show up here and in Analytics."}
            </p>
          </div>
        ) : (
          <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label="Provider accounts">
            {accounts.map((account) => (
              <AccountCard
                key={account.id}
                account={account}
                canWrite={canWrite}
                canDelete={canDeleteAccounts}
                onKeySaved={(key) => done({ kind: "ok", text: `Saved “${key.label}”.` })}
                onDeleteKey={removeKey}
                onDeleteAccount={(confirm) => removeAccount(account, confirm)}
              />
            ))}
          </ul>
        )}
      </section>
      {adding && (
        <section className="card" aria-labelledby="add-key-heading">
          <h2 id="add-key-heading">Add an OpenAI key</h2>
          <KeyForm onSaved={added} onCancel={keyCount > 0 ? () => setAdding(false) : undefined} />
        </section>
      )}
    </div>
  );
}
