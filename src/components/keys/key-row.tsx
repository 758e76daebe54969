"use client";

import { useState } from "react";
import type { ProviderKeyView } from "@/lib/keys/view";
import { formatDateTimeUtc } from "../format";
import { KeyForm } from "./key-form";
import { TestKeyButton } from "./test-key-button";

const STATUS_BADGE: Record<ProviderKeyView["lastSyncStatus"], { label: string; className: string }> = {
  never: { label: "Not synced yet", className: "badge" },
  ok: { label: "Synced", className: "badge badge-ok" },
  partial: { label: "Partly synced", className: "badge badge-warn" },
  failed: { label: "Sync failed", className: "badge badge-bad" },
  simulated: { label: "Simulated data", className: "badge badge-warn" },
};

export function KeyRow({
  keyView,
  canManage = true,
  onChange,
  onDelete,
}: {
  keyView: ProviderKeyView;
  canManage?: boolean;
  onChange: (key: ProviderKeyView) => void;
  onDelete: () => Promise<void> | void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const status = STATUS_BADGE[keyView.lastSyncStatus];

  return (
    <li className="card" style={{ boxShadow: "none" }} aria-label={keyView.label}>
      <div className="card-header" style={{ marginBottom: editing ? "0.75rem" : 0 }}>
        <div style={{ minWidth: 0 }}>
          <div className="row" style={{ gap: "0.5rem" }}>
            <strong>{keyView.label}</strong>
            <span className="badge badge-accent">{keyView.usageMode === "admin" ? "Admin" : "Standard"}</span>
            <span className={status.className}>{status.label}</span>
          </div>
          <div className="small muted" style={{ marginTop: "0.25rem", overflowWrap: "anywhere" }}>
            <span className="mono" data-testid="masked-key">
              {keyView.maskedKey}
            </span>
            {keyView.organizationId && <> · org {keyView.organizationId}</>}
            {keyView.projectId && <> · project {keyView.projectId}</>}
            {" · "}
            {keyView.lastSyncAt ? `last sync ${formatDateTimeUtc(keyView.lastSyncAt)}` : "never synced"}
          </div>
          {keyView.lastSyncMessage && (
            <div className={`small ${keyView.lastSyncStatus === "ok" ? "muted" : ""}`} style={{ marginTop: "0.25rem" }}>
              {keyView.lastSyncMessage}
            </div>
          )}
          {canManage && !editing && <TestKeyButton keyId={keyView.id} label={keyView.label} />}
        </div>
        {canManage && !editing && (
          <div className="row" style={{ gap: "0.5rem" }}>
            <button className="btn btn-sm" type="button" onClick={() => setEditing(true)}>
              Edit<span className="sr-only"> {keyView.label}</span>
            </button>
            {confirming ? (
              <span className="row" style={{ gap: "0.4rem" }} role="group" aria-label="Confirm delete">
                <span className="small">Delete this key and its usage?</span>
                <button className="btn btn-sm btn-danger" type="button" onClick={() => onDelete()}>
                  Yes, delete
                </button>
                <button className="btn btn-sm" type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button className="btn btn-sm btn-danger" type="button" onClick={() => setConfirming(true)}>
                Delete<span className="sr-only"> {keyView.label}</span>
              </button>
            )}
          </div>
        )}
      </div>
      {editing && (
        <KeyForm
          existing={keyView}
          onSaved={(key) => {
            setEditing(false);
            onChange(key);
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </li>
  );
}
