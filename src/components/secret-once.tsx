"use client";

import { useRef, useState } from "react";

/**
 * A secret (API token, invitation link) shown once: read-only field, copy button and a warning.
 * It lives only in this component's state; dismissing it or leaving the page loses it for good.
 */
export function SecretOnce({
  id,
  label,
  value,
  warning,
  onDone,
}: {
  id: string;
  label: string;
  value: string;
  warning: string;
  onDone: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard permission (or plain http): select it so Ctrl+C works.
      input.current?.select();
      setCopied("select");
    }
  }

  return (
    <div className="alert alert-warn stack" role="region" aria-label={label}>
      <label htmlFor={id} style={{ marginBottom: 0 }}>
        {label}
      </label>
      <div className="secret-box">
        <input
          id={id}
          ref={input}
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
          data-testid="secret-value"
        />
        <button className="btn btn-primary" type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <div className="small" role="status">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "select"
            ? "Selected: press Ctrl+C (⌘C) to copy."
            : ""}
      </div>
      <p className="small" style={{ margin: 0 }}>
        {warning}
      </p>
      <div>
        <button className="btn btn-sm" type="button" onClick={onDone}>
          Done, I have copied it
        </button>
      </div>
    </div>
  );
}
