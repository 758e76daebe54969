"use client";

import { useState } from "react";
import { apiErrorMessage } from "../api-error";

type Result = { ok: boolean; message: string };

/** Sends a test message through the channel now and shows what the receiver answered. */
export function TestChannelButton({
  channelId,
  label,
  onDone,
}: {
  channelId: string;
  label: string;
  onDone: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  async function run() {
    setBusy(true);
    setResult(null);
    try {
      const res = await fetch(`/api/channels/${channelId}/test`, { method: "POST" });
      setResult(res.ok ? ((await res.json()) as Result) : { ok: false, message: await apiErrorMessage(res) });
      onDone();
    } catch {
      setResult({ ok: false, message: "Could not reach the server. Check your connection and try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="key-test">
      <button className="btn btn-sm" type="button" onClick={run} disabled={busy} aria-busy={busy}>
        {busy ? "Sending…" : "Send test"}
        <span className="sr-only"> to {label}</span>
      </button>
      <span
        className={`small key-test-result ${result?.ok ? "key-test-ok" : "key-test-bad"}`}
        role="status"
        data-testid="channel-test-result"
      >
        {result && (
          <>
            <span aria-hidden="true">{result.ok ? "✓ " : "✕ "}</span>
            <span className="sr-only">{result.ok ? "Test sent: " : "Test failed: "}</span>
            {result.message}
          </>
        )}
      </span>
    </div>
  );
}
