"use client";

import { useState } from "react";
import type { PriceOverrideView } from "@/lib/pricing/overrides/view";
import { apiErrorMessage } from "../api-error";
import { StatusNotice, type Notice } from "../status-notice";
import { PriceForm } from "./price-form";

const providerName = (p: string) => (p === "anthropic" ? "Anthropic" : p === "openai" ? "OpenAI" : p);

/** The organization's own prices: admins add, remove and reset them; everyone else reads. */
export function PriceManager({
  initialOverrides,
  canWrite,
  initialModel,
  initialProvider,
  today,
}: {
  initialOverrides: PriceOverrideView[];
  canWrite: boolean;
  initialModel: string;
  initialProvider: string;
  today: string;
}) {
  const [overrides, setOverrides] = useState(initialOverrides);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function remove(o: PriceOverrideView) {
    setBusy(o.id);
    const res = await fetch(`/api/prices/overrides/${o.id}`, { method: "DELETE" });
    setBusy(null);
    if (!res.ok) return setNotice({ kind: "error", text: await apiErrorMessage(res) });
    const { recomputed } = (await res.json()) as { recomputed: { changed: number } };
    setOverrides((list) => list.filter((x) => x.id !== o.id));
    setNotice({ kind: "ok", text: `Removed the price for ${o.model}; ${recomputed.changed} usage rows re-priced.` });
  }

  async function reset(o: PriceOverrideView) {
    setBusy(`reset:${o.provider}:${o.model}`);
    const res = await fetch("/api/prices/overrides/reset", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: o.provider, model: o.model }),
    });
    setBusy(null);
    if (!res.ok) return setNotice({ kind: "error", text: await apiErrorMessage(res) });
    const { removed, recomputed } = (await res.json()) as { removed: number; recomputed: { changed: number } };
    setOverrides((list) => list.filter((x) => !(x.provider === o.provider && x.model === o.model)));
    setNotice({
      kind: "ok",
      text: `${o.model} is back to the default price (${removed} removed); ${recomputed.changed} usage rows re-priced.`,
    });
  }

  return (
    <div className="stack">
      {canWrite && (
        <section className="card stack" aria-labelledby="new-price-heading">
          <h2 id="new-price-heading" style={{ margin: 0 }}>
            Add a price
          </h2>
          <PriceForm
            initialModel={initialModel}
            initialProvider={initialProvider}
            today={today}
            onCreated={(o, repriced) => {
              setOverrides((list) => [...list, o]);
              setNotice({ kind: "ok", text: `Saved the price for ${o.model}; ${repriced} usage rows re-priced.` });
            }}
          />
        </section>
      )}
      <StatusNotice notice={notice} />
      <section className="card" aria-labelledby="prices-heading">
        <h2 id="prices-heading">
          Your prices <span className="muted">({overrides.length})</span>
        </h2>
        {overrides.length === 0 ? (
          <p className="muted" style={{ margin: 0 }}>
            No prices of your own: every model is priced from the bundled public price list.
          </p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Price overrides">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col" className="num">
                    Input
                  </th>
                  <th scope="col" className="num">
                    Cached
                  </th>
                  <th scope="col" className="num">
                    Output
                  </th>
                  <th scope="col">Note</th>
                  {canWrite && (
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {overrides.map((o) => (
                  <tr key={o.id}>
                    <td style={{ overflowWrap: "anywhere" }}>
                      <span className="mono">{o.model}</span>{" "}
                      <span className="small muted">{providerName(o.provider)}</span>
                    </td>
                    <td className="nowrap">{o.effectiveFrom}</td>
                    <td className="nowrap">{o.effectiveTo ?? "Open"}</td>
                    <td className="num mono">${o.inputPerMTok}</td>
                    <td className="num mono">${o.cachedInputPerMTok ?? o.inputPerMTok}</td>
                    <td className="num mono">${o.outputPerMTok}</td>
                    <td style={{ overflowWrap: "anywhere" }}>{o.note ?? ""}</td>
                    {canWrite && (
                      <td className="nowrap" style={{ textAlign: "right" }}>
                        <span className="row" style={{ gap: "0.4rem", justifyContent: "flex-end" }}>
                          <button
                            className="btn btn-sm"
                            type="button"
                            disabled={busy !== null}
                            onClick={() => reset(o)}
                          >
                            Reset to default<span className="sr-only"> for {o.model}</span>
                          </button>
                          <button
                            className="btn btn-sm btn-danger"
                            type="button"
                            disabled={busy !== null}
                            onClick={() => remove(o)}
                          >
                            Remove
                            <span className="sr-only">
                              {" "}
                              the price from {o.effectiveFrom} for {o.model}
                            </span>
                          </button>
                        </span>
                      </td>
                    )}
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
