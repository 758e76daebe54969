"use client";

import { useState } from "react";
import type { ProviderKeyView } from "@/lib/keys/view";
import { apiErrorMessage } from "../api-error";
import { KeyForm } from "./key-form";
import { KeyRow } from "./key-row";

/** `canManage` false (viewers): the list only; the API refuses their writes anyway. */
export function KeyManager({
  initialKeys,
  welcome,
  canManage = true,
}: {
  initialKeys: ProviderKeyView[];
  welcome?: boolean;
  canManage?: boolean;
}) {
  const [keys, setKeys] = useState(initialKeys);
  const [adding, setAdding] = useState(canManage && initialKeys.length === 0);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(
    welcome ? { kind: "ok", text: "Account created. Add an OpenAI key to start tracking usage." } : null,
  );

  async function remove(key: ProviderKeyView) {
    const res = await fetch(`/api/keys/${key.id}`, { method: "DELETE" });
    if (!res.ok) return setNotice({ kind: "error", text: await apiErrorMessage(res) });
    setKeys((ks) => ks.filter((k) => k.id !== key.id));
    setNotice({ kind: "ok", text: `Deleted “${key.label}” and its usage history.` });
  }

  return (
    <div className="stack">
      {notice && (
        <div className={`alert ${notice.kind === "ok" ? "alert-ok" : "alert-error"}`} role="status">
          {notice.text}
        </div>
      )}
      <section className="card" aria-labelledby="keys-heading">
        <div className="card-header">
          <h2 id="keys-heading">
            Your keys <span className="muted">({keys.length})</span>
          </h2>
          {canManage && !adding && (
            <button className="btn btn-primary" type="button" onClick={() => setAdding(true)}>
              Add key
            </button>
          )}
        </div>
        {keys.length === 0 && !adding ? (
          <div className="empty">
            <h2>No keys yet</h2>
            <p>
              {canManage
                ? "Add an OpenAI admin key to pull your organization's usage."
                : "An admin of this organization adds the provider keys."}
            </p>
          </div>
        ) : (
          <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label="Your keys">
            {keys.map((key) => (
              <KeyRow
                key={key.id}
                keyView={key}
                canManage={canManage}
                onChange={(updated) => {
                  setKeys((ks) => ks.map((k) => (k.id === updated.id ? updated : k)));
                  setNotice({ kind: "ok", text: `Saved “${updated.label}”.` });
                }}
                onDelete={() => remove(key)}
              />
            ))}
          </ul>
        )}
      </section>
      {adding && (
        <section className="card" aria-labelledby="add-key-heading">
          <h2 id="add-key-heading">Add an OpenAI key</h2>
          <KeyForm
            onSaved={(key) => {
              setKeys((ks) => [...ks, key]);
              setAdding(false);
              setNotice({ kind: "ok", text: `Added “${key.label}” (${key.maskedKey}).` });
            }}
            onCancel={keys.length > 0 ? () => setAdding(false) : undefined}
          />
        </section>
      )}
    </div>
  );
}
