"use client";

import { useState } from "react";
import { apiErrorMessage } from "../api-error";

type Result = { ok: boolean; message: string };

/** Asks the server to make one cheap provider call with the stored key and shows the answer inline. */
export function TestKeyButton({ keyId, label }: { keyId: string; label: string }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  async function run() {
    setBusy(true);
    setResult(null);
    try {
      const res = await fetch(`/api/keys/${keyId}/test`, { method: "POST" });
      setResult(res.ok ? ((await res.json()) as Result) : { ok: false, message: await apiErrorMessage(res) });
    } catch {
      setResult({ ok: false, message: "Could not reach the server. Check your connection and try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="key-test">
      <button className="btn btn-sm" type="button" onClick={run} disabled={busy} aria-busy={busy}>
        {busy ? "Testing…" : "Test key"}
        <span className="sr-only"> {label}</span>
      </button>
      <span className={`small key-test-result ${result?.ok ? "key-test-ok" : "key-test-bad"}`} role="status">
        {result && (
          <>
            <span aria-hidden="true">{result.ok ? "✓ " : "✕ "}</span>
            <span className="sr-only">{result.ok ? "Test passed: " : "Test failed: "}</span>
            {result.message}
          </>
        )}
      </span>
    </div>
  );
}
