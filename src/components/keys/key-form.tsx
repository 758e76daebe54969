"use client";

import { useState, type FormEvent } from "react";
import type { AccountRef } from "@/lib/accounts/view";
import type { ProviderKeyView } from "@/lib/keys/view";
import { apiErrorMessage } from "../api-error";
import { splitKeyFieldErrors, type KeyField } from "./field-errors";

type Mode = "standard" | "admin";
type Provider = "openai" | "anthropic";

/** Add (no `existing`) or edit a provider key. The secret field is never pre-filled. */
export function KeyForm({
  existing,
  onSaved,
  onCancel,
}: {
  existing?: ProviderKeyView;
  onSaved: (key: ProviderKeyView, account: AccountRef) => void;
  onCancel?: () => void;
}) {
  const [mode, setMode] = useState<Mode>(existing?.usageMode ?? "admin");
  const [provider, setProvider] = useState<Provider>(existing?.provider === "anthropic" ? "anthropic" : "openai");
  // An Anthropic Admin key needs nothing else: its organization follows from the key.
  const needsIds = provider === "openai";
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<KeyField, string>>>({});
  const [busy, setBusy] = useState(false);
  const idPrefix = existing ? `edit-${existing.id}` : "new-key";

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formElement = e.currentTarget;
    setBusy(true);
    setError(null);
    setFieldErrors({});
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const body: Record<string, unknown> = needsIds
      ? {
          label: text("label"),
          usageMode: mode,
          organizationId: mode === "admin" ? text("organizationId") || null : null,
          projectId: mode === "admin" ? text("projectId") || null : null,
        }
      : { label: text("label") };
    if (text("apiKey")) body.apiKey = text("apiKey");
    if (!existing) body.provider = provider;
    const res = await fetch(existing ? `/api/keys/${existing.id}` : "/api/keys", {
      method: existing ? "PATCH" : "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    setBusy(false);
    if (!res.ok) {
      const split = splitKeyFieldErrors(await apiErrorMessage(res));
      setFieldErrors(split.fields);
      setError(split.rest);
      const first = (["label", "apiKey", "organizationId", "projectId"] as const).find((f) => split.fields[f]);
      if (first) formElement.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return;
    }
    const { key, account } = (await res.json()) as { key: ProviderKeyView; account: AccountRef };
    if (!existing) formElement.reset();
    onSaved(key, account);
  }

  const errorId = (field: KeyField) => `${idPrefix}-${field}-error`;
  const describedBy = (field: KeyField, hint?: string) =>
    [fieldErrors[field] ? errorId(field) : null, hint].filter(Boolean).join(" ") || undefined;
  const fieldError = (field: KeyField) =>
    fieldErrors[field] ? (
      <div id={errorId(field)} className="field-error">
        {fieldErrors[field]}
      </div>
    ) : null;

  return (
    <form onSubmit={onSubmit} aria-label={existing ? `Edit ${existing.label}` : "Add a provider key"} noValidate>
      {error && (
        <div className="alert alert-error field" role="alert">
          {error}
        </div>
      )}
      {!existing && (
        <div className="field">
          <label htmlFor={`${idPrefix}-provider`}>Provider</label>
          <select
            id={`${idPrefix}-provider`}
            name="provider"
            value={provider}
            onChange={(e) => setProvider(e.target.value === "anthropic" ? "anthropic" : "openai")}
          >
            <option value="openai">OpenAI</option>
            <option value="anthropic">Anthropic</option>
          </select>
        </div>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${idPrefix}-label`}>Label</label>
          <input
            id={`${idPrefix}-label`}
            name="label"
            defaultValue={existing?.label}
            placeholder="e.g. Production org"
            required
            maxLength={100}
            aria-invalid={fieldErrors.label ? true : undefined}
            aria-describedby={describedBy("label")}
          />
          {fieldError("label")}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-apiKey`}>
            {existing ? "Replace API key (optional)" : needsIds ? "OpenAI API key" : "Anthropic Admin key"}
          </label>
          <input
            id={`${idPrefix}-apiKey`}
            name="apiKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={existing ? `Current: ${existing.maskedKey}` : needsIds ? "sk-admin-…" : "sk-ant-admin…"}
            required={!existing}
            aria-invalid={fieldErrors.apiKey ? true : undefined}
            aria-describedby={describedBy("apiKey", `${idPrefix}-apiKey-hint`)}
          />
          {fieldError("apiKey")}
          <div id={`${idPrefix}-apiKey-hint`} className="field-hint">
            Encrypted before it is stored; only a masked form is ever shown.
          </div>
        </div>
      </div>
      {needsIds && (
        <fieldset className="field" style={{ border: 0, padding: 0, margin: "0 0 0.9rem" }}>
          <legend style={{ fontWeight: 500, fontSize: "0.9rem", marginBottom: "0.3rem" }}>Usage mode</legend>
          <div className="seg" role="radiogroup" aria-label="Usage mode">
            {(["admin", "standard"] as const).map((m) => (
              <button key={m} type="button" role="radio" aria-checked={mode === m} onClick={() => setMode(m)}>
                {m === "admin" ? "Admin (organization usage API)" : "Standard (legacy usage)"}
              </button>
            ))}
          </div>
          <div className="field-hint">
            {mode === "admin"
              ? "An admin key reads usage for the whole organization, grouped by project, key, user and model."
              : "A regular key reads the legacy daily usage endpoint: totals per model only, best effort."}
          </div>
        </fieldset>
      )}
      {needsIds && mode === "admin" && (
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${idPrefix}-org`}>Organization ID</label>
            <input
              id={`${idPrefix}-org`}
              name="organizationId"
              defaultValue={existing?.organizationId ?? ""}
              placeholder="org-…"
              required
              aria-invalid={fieldErrors.organizationId ? true : undefined}
              aria-describedby={describedBy("organizationId")}
            />
            {fieldError("organizationId")}
          </div>
          <div className="field">
            <label htmlFor={`${idPrefix}-project`}>Project ID</label>
            <input
              id={`${idPrefix}-project`}
              name="projectId"
              defaultValue={existing?.projectId ?? ""}
              placeholder="proj_…"
              required
              aria-invalid={fieldErrors.projectId ? true : undefined}
              aria-describedby={describedBy("projectId")}
            />
            {fieldError("projectId")}
          </div>
        </div>
      )}
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? "Saving…" : existing ? "Save changes" : "Add key"}
        </button>
        {onCancel && (
          <button className="btn" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
