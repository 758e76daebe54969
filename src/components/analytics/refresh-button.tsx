"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { refreshUsageAction, type RefreshSummary } from "@/app/actions/refresh";
import { formatInteger } from "../format";

type Toast = { kind: "ok" | "warn" | "error"; title: string; lines: string[] };

const plural = (n: number, word: string) => `${formatInteger(n)} ${word}${n === 1 ? "" : "s"}`;

function toToast(s: RefreshSummary): Toast {
  if ("message" in s) return { kind: "error", title: "Refresh failed", lines: [s.message] };
  const lines = s.issues.map((i) => i.message);
  if (s.status === "failed") return { kind: "error", title: "Refresh failed", lines };
  const changes =
    s.rowsInserted + s.rowsUpdated === 0
      ? "already up to date"
      : `${formatInteger(s.rowsInserted)} new row${s.rowsInserted === 1 ? "" : "s"}, ${formatInteger(s.rowsUpdated)} updated`;
  const nothing = s.keysProcessed === 0 && s.rowsInserted + s.rowsUpdated === 0;
  return {
    kind: s.status === "succeeded" && !nothing ? "ok" : "warn",
    title: nothing ? "Nothing was synced" : `Synced ${plural(s.keysProcessed, "key")}: ${changes}`,
    lines: s.keysFailed > 0 ? [`${plural(s.keysFailed, "key")} failed.`, ...lines] : lines,
  };
}

/** Pulls fresh usage through the server action, reports the outcome, then re-renders the page's data. */
export function RefreshButton({ className = "btn btn-primary" }: { className?: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<Toast | null>(null);
  const [, startTransition] = useTransition();

  useEffect(() => {
    if (!toast || toast.kind === "error") return;
    const timer = setTimeout(() => setToast(null), 10_000);
    return () => clearTimeout(timer);
  }, [toast]);

  async function refresh() {
    setBusy(true);
    setToast(null);
    let summary: RefreshSummary;
    try {
      summary = await refreshUsageAction({});
    } catch {
      summary = { status: "failed", message: "Could not reach the server. Check your connection and try again." };
    }
    setBusy(false);
    setToast(toToast(summary));
    startTransition(() => router.refresh());
  }

  return (
    <>
      <button className={className} type="button" onClick={refresh} disabled={busy} aria-busy={busy}>
        {busy && <span className="spinner" aria-hidden="true" />}
        {busy ? "Refreshing…" : "Refresh"}
      </button>
      {busy && <div className="refresh-progress" role="progressbar" aria-label="Pulling usage from your providers" />}
      <div className="toast-region" role="status" aria-live="polite">
        {toast && (
          <div className={`alert alert-${toast.kind} toast refresh-toast`}>
            <div className="toast-body">
              <strong>{toast.title}</strong>
              {toast.lines.map((line, i) => (
                <div key={i} className="small">
                  {line}
                </div>
              ))}
            </div>
            <button className="toast-close" type="button" onClick={() => setToast(null)} aria-label="Dismiss">
              ×
            </button>
          </div>
        )}
      </div>
    </>
  );
}
