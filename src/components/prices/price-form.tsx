"use client";

import { useState, type FormEvent } from "react";
import type { PriceOverrideView } from "@/lib/pricing/overrides/view";
import { apiErrorMessage } from "../api-error";

const PRICE = /^\d{1,7}(\.\d{1,6})?$/;
const PRICE_FIELDS = [
  { name: "inputPerMTok", label: "Input", required: true },
  { name: "cachedInputPerMTok", label: "Cached input (optional)", required: false },
  { name: "cacheWritePerMTok", label: "Cache write (optional)", required: false },
  { name: "outputPerMTok", label: "Output", required: true },
] as const;

type Field = "model" | "effectiveFrom" | "effectiveTo" | (typeof PRICE_FIELDS)[number]["name"];
type FieldErrors = Partial<Record<Field, string>>;

/** Plain-words checks before the request, each shown next to its field; the server checks again. */
export function priceFieldErrors(v: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.model) errors.model = "Enter a model";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.effectiveFrom ?? ""))
    errors.effectiveFrom = "Enter the first day this price applies";
  if (v.effectiveTo && v.effectiveFrom && v.effectiveTo < v.effectiveFrom) {
    errors.effectiveTo = "Enter a last day on or after the first day, or leave it empty";
  }
  for (const f of PRICE_FIELDS) {
    const value = v[f.name] ?? "";
    if ((f.required || value) && !PRICE.test(value)) errors[f.name] = "Enter a price of 0 or more";
  }
  return errors;
}

export function PriceForm({
  initialModel,
  initialProvider,
  today,
  onCreated,
}: {
  initialModel: string;
  initialProvider: string;
  today: string;
  onCreated: (override: PriceOverrideView, repriced: number) => void;
}) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const values = Object.fromEntries(
      [...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()]),
    ) as Record<string, string>;
    const found = priceFieldErrors(values);
    setErrors(found);
    setServerError(null);
    const first = Object.keys(found)[0];
    if (first) return form.querySelector<HTMLElement>(`#price-${first}`)?.focus();
    setBusy(true);
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
    const res = await fetch("/api/prices/overrides", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    setBusy(false);
    if (!res.ok) return setServerError(await apiErrorMessage(res));
    const created = (await res.json()) as { override: PriceOverrideView; recomputed: { changed: number } };
    form.reset();
    onCreated(created.override, created.recomputed.changed);
  }

  const describedBy = (field: Field, hint?: string) =>
    [errors[field] ? `price-${field}-error` : null, hint].filter(Boolean).join(" ") || undefined;
  const error = (field: Field) =>
    errors[field] && (
      <div id={`price-${field}-error`} className="field-error">
        {errors[field]}
      </div>
    );

  return (
    <form onSubmit={onSubmit} aria-label="Add a price" noValidate>
      {serverError && (
        <div className="alert alert-error field" role="alert">
          {serverError}
        </div>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="price-provider">Provider</label>
          <select id="price-provider" name="provider" defaultValue={initialProvider}>
            <option value="openai">OpenAI</option>
            <option value="anthropic">Anthropic</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="price-model">Model</label>
          <input
            id="price-model"
            name="model"
            defaultValue={initialModel}
            placeholder="e.g. ft:gpt-4o-mini:acme::abc123"
            maxLength={200}
            aria-invalid={errors.model ? true : undefined}
            aria-describedby={describedBy("model", "price-model-hint")}
          />
          <div id="price-model-hint" className="field-hint">
            Also covers its dated snapshots (gpt-4o covers gpt-4o-2024-08-06).
          </div>
          {error("model")}
        </div>
        <div className="field">
          <label htmlFor="price-effectiveFrom">First day (UTC)</label>
          <input
            id="price-effectiveFrom"
            name="effectiveFrom"
            type="date"
            defaultValue={today}
            aria-invalid={errors.effectiveFrom ? true : undefined}
            aria-describedby={describedBy("effectiveFrom")}
          />
          {error("effectiveFrom")}
        </div>
        <div className="field">
          <label htmlFor="price-effectiveTo">Last day (optional)</label>
          <input
            id="price-effectiveTo"
            name="effectiveTo"
            type="date"
            aria-invalid={errors.effectiveTo ? true : undefined}
            aria-describedby={describedBy("effectiveTo", "price-effectiveTo-hint")}
          />
          <div id="price-effectiveTo-hint" className="field-hint">
            Empty: until you change it.
          </div>
          {error("effectiveTo")}
        </div>
      </div>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: "0 0 0.9rem" }}>
        <legend style={{ fontWeight: 500, fontSize: "0.9rem", marginBottom: "0.3rem" }}>USD per 1M tokens</legend>
        <div className="form-grid">
          {PRICE_FIELDS.map((f) => (
            <div className="field" key={f.name}>
              <label htmlFor={`price-${f.name}`}>{f.label}</label>
              <input
                id={`price-${f.name}`}
                name={f.name}
                inputMode="decimal"
                placeholder={f.required ? "e.g. 2.50" : "same as input"}
                aria-invalid={errors[f.name] ? true : undefined}
                aria-describedby={describedBy(f.name)}
              />
              {error(f.name)}
            </div>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="price-note">Note (optional)</label>
        <input id="price-note" name="note" maxLength={500} placeholder="e.g. 2026 enterprise agreement" />
      </div>
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {busy ? "Saving and re-pricing usage…" : "Add price"}
      </button>
    </form>
  );
}
