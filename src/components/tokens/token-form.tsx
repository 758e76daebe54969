"use client";

import { useState, type FormEvent } from "react";
import type { ApiTokenView } from "@/lib/orgs/tokens/view";
import { apiErrorMessage } from "../api-error";

export const SCOPES = [
  { value: "usage:read", label: "Read usage", hint: "GET /api/usage and GET /api/usage/export" },
  { value: "ingest:write", label: "Pull usage", hint: "POST /api/usage: fetch from the providers now" },
  { value: "costs:read", label: "Read costs", hint: "Provider-reported costs, when they arrive" },
] as const;

interface FieldErrors {
  name?: string;
  scopes?: string;
  expiresAt?: string;
}

/** Plain-words checks before the request; the server checks again and has the last word. */
export function tokenFieldErrors(name: string, scopes: string[], expiresAt: string, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!name) errors.name = "Enter a name, so you know later what uses this token.";
  else if (name.length > 100) errors.name = "Use at most 100 characters for the name.";
  if (scopes.length === 0) errors.scopes = "Choose at least one scope.";
  if (expiresAt && expiresAt < today) errors.expiresAt = "Choose today or a later date, or leave it empty.";
  return errors;
}

export function TokenForm({ onCreated }: { onCreated: (token: ApiTokenView, secret: string) => void }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    const scopes = data.getAll("scopes").map(String);
    const expiresAt = String(data.get("expiresAt") ?? "");
    const found = tokenFieldErrors(name, scopes, expiresAt, new Date().toISOString().slice(0, 10));
    setErrors(found);
    setServerError(null);
    const first = found.name
      ? "#token-name"
      : found.scopes
        ? "#scope-usage-read"
        : found.expiresAt
          ? "#token-expiry"
          : null;
    if (first) return form.querySelector<HTMLInputElement>(first)?.focus();
    setBusy(true);
    const res = await fetch("/api/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, scopes, ...(expiresAt ? { expiresAt } : {}) }),
    });
    setBusy(false);
    if (!res.ok) return setServerError(await apiErrorMessage(res));
    const created = (await res.json()) as { token: ApiTokenView; secret: string };
    form.reset();
    onCreated(created.token, created.secret);
  }

  const describedBy = (field: keyof FieldErrors, hint?: string) =>
    [errors[field] ? `token-${field}-error` : null, hint].filter(Boolean).join(" ") || undefined;

  return (
    <form onSubmit={onSubmit} aria-label="Create an API token" noValidate>
      {serverError && (
        <div className="alert alert-error field" role="alert">
          {serverError}
        </div>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="token-name">Name</label>
          <input
            id="token-name"
            name="name"
            placeholder="e.g. Finance export script"
            maxLength={200}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy("name")}
          />
          {errors.name && (
            <div id="token-name-error" className="field-error">
              {errors.name}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="token-expiry">Expires (optional)</label>
          <input
            id="token-expiry"
            name="expiresAt"
            type="date"
            aria-invalid={errors.expiresAt ? true : undefined}
            aria-describedby={describedBy("expiresAt", "token-expiry-hint")}
          />
          <div id="token-expiry-hint" className="field-hint">
            At the end of that day (UTC). Empty: until revoked.
          </div>
          {errors.expiresAt && (
            <div id="token-expiresAt-error" className="field-error">
              {errors.expiresAt}
            </div>
          )}
        </div>
      </div>
      <fieldset
        className="field"
        style={{ border: 0, padding: 0, margin: "0 0 0.9rem" }}
        aria-describedby={describedBy("scopes")}
      >
        <legend style={{ fontWeight: 500, fontSize: "0.9rem", marginBottom: "0.3rem" }}>Scopes</legend>
        {SCOPES.map((scope) => {
          const id = `scope-${scope.value.replace(":", "-")}`;
          return (
            <div key={scope.value} className="row" style={{ gap: "0.5rem", alignItems: "flex-start" }}>
              <input
                id={id}
                type="checkbox"
                name="scopes"
                value={scope.value}
                style={{ width: "auto", minHeight: 0, marginTop: "0.2rem" }}
              />
              <label htmlFor={id} style={{ fontWeight: 400 }}>
                {scope.label} <span className="mono small muted">{scope.value}</span>
                <span className="field-hint" style={{ display: "block", marginTop: 0 }}>
                  {scope.hint}
                </span>
              </label>
            </div>
          );
        })}
        {errors.scopes && (
          <div id="token-scopes-error" className="field-error">
            {errors.scopes}
          </div>
        )}
      </fieldset>
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create token"}
      </button>
    </form>
  );
}
