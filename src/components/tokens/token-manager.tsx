"use client";

import { useState } from "react";
import type { ApiTokenView } from "@/lib/orgs/tokens/view";
import { apiErrorMessage } from "../api-error";
import { formatDateTimeUtc } from "../format";
import { SecretOnce } from "../secret-once";
import { TokenForm } from "./token-form";
import { StatusNotice, type Notice } from "@/components/status-notice";

/** Admins: create tokens (the secret shown once), see when each was last used, revoke. */
export function TokenManager({ initialTokens }: { initialTokens: ApiTokenView[] }) {
  const [tokens, setTokens] = useState(initialTokens);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  async function revoke(token: ApiTokenView) {
    const res = await fetch(`/api/tokens/${token.id}`, { method: "DELETE" });
    setConfirming(null);
    if (!res.ok) return setNotice({ kind: "error", text: await apiErrorMessage(res) });
    setTokens((list) => list.filter((t) => t.id !== token.id));
    setNotice({ kind: "ok", text: `Revoked “${token.name}”: requests with it now get 401.` });
  }

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading" style={{ margin: 0 }}>
          Create a token
        </h2>
        <TokenForm
          onCreated={(token, value) => {
            setTokens((list) => [token, ...list]);
            setSecret({ name: token.name, value });
            setNotice(null);
          }}
        />
        {secret && (
          <SecretOnce
            id="token-secret"
            label={`Token “${secret.name}”`}
            value={secret.value}
            warning="Copy it now: this is the only time it is shown. We keep only a fingerprint, so it cannot be shown again. Send it as `Authorization: Bearer <token>`."
            onDone={() => setSecret(null)}
          />
        )}
      </section>
      <StatusNotice notice={notice} />
      <section className="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">
          Tokens <span className="muted">({tokens.length})</span>
        </h2>
        {tokens.length === 0 ? (
          <p className="muted" style={{ margin: 0 }}>
            No tokens yet.
          </p>
        ) : (
          <div className="table-wrap">
            <table aria-label="API tokens">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Token</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td style={{ overflowWrap: "anywhere" }}>{token.name}</td>
                    <td className="mono small">{token.scopes.join(", ")}</td>
                    <td className="mono nowrap" data-testid="token-last4">
                      ct_…{token.last4}
                    </td>
                    <td className="nowrap">{token.lastUsedAt ? formatDateTimeUtc(token.lastUsedAt) : "Never"}</td>
                    <td className="nowrap">
                      {token.expired ? (
                        <span className="badge badge-bad">Expired</span>
                      ) : token.expiresAt ? (
                        formatDateTimeUtc(token.expiresAt)
                      ) : (
                        "Never"
                      )}
                    </td>
                    <td className="nowrap" style={{ textAlign: "right" }}>
                      {confirming === token.id ? (
                        <span className="row" style={{ gap: "0.4rem", justifyContent: "flex-end" }}>
                          <span className="small">Revoke? Scripts using it stop working.</span>
                          <button className="btn btn-sm btn-danger" type="button" onClick={() => revoke(token)}>
                            Yes, revoke
                          </button>
                          <button className="btn btn-sm" type="button" onClick={() => setConfirming(null)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button className="btn btn-sm btn-danger" type="button" onClick={() => setConfirming(token.id)}>
                          Revoke<span className="sr-only"> {token.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
