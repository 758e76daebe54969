"use client";

import { useState, type FormEvent } from "react";
import type { BudgetView } from "@/lib/budgets/view";
import { apiErrorMessage } from "../api-error";

interface FieldErrors {
  name?: string;
  amountUsd?: string;
  actual?: string;
  forecast?: string;
  channelIds?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "50, 80, 100" -> [50, 80, 100]; null when any part is not a whole percent from 1 to 1000. */
export function parsePercents(text: string): number[] | null {
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.replace(/%$/, ""))
    .filter(Boolean);
  if (!parts.every((p) => /^\d{1,4}$/.test(p) && Number(p) >= 1 && Number(p) <= 1000)) return null;
  return parts.map(Number);
}

/** Plain-words checks before the request; the server checks again and has the last word. */
export function budgetFieldErrors(v: {
  name: string;
  amountUsd: string;
  actual: string;
  forecast: string;
  channelIds: string;
}) {
  const errors: FieldErrors = {};
  if (!v.name) errors.name = "Enter a name";
  else if (v.name.length > 100) errors.name = "Use at most 100 characters for the name";
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(v.amountUsd) || Number(v.amountUsd) <= 0) {
    errors.amountUsd = "Enter an amount above 0, in dollars (at most 2 decimals)";
  }
  const actual = parsePercents(v.actual);
  const forecast = parsePercents(v.forecast);
  if (actual === null) errors.actual = "Enter whole percentages from 1 to 1000, like 50, 80, 100";
  if (forecast === null) errors.forecast = "Enter whole percentages from 1 to 1000, like 100";
  if (actual && forecast && actual.length + forecast.length === 0) {
    errors.actual = "Enter at least one percentage here or under forecast";
  }
  const ids = v.channelIds.split(/[,\s]+/).filter(Boolean);
  if (!ids.every((id) => UUID.test(id))) errors.channelIds = "Enter channel ids (UUIDs) separated by commas";
  return errors;
}

const FIELD_IDS: Record<keyof FieldErrors, string> = {
  name: "name",
  amountUsd: "amount",
  actual: "actual",
  forecast: "forecast",
  channelIds: "channels",
};

export function BudgetForm({
  budget,
  onSaved,
  onCancel,
}: {
  /** Absent: a new budget. */
  budget?: BudgetView;
  onSaved: (saved: BudgetView) => void;
  onCancel?: () => void;
}) {
  const prefix = budget ? `budget-${budget.id.slice(0, 8)}` : "new-budget";
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const percents = (basis: "actual" | "forecast") =>
    budget
      ? budget.thresholds
          .filter((t) => t.basis === basis)
          .map((t) => t.percent)
          .join(", ")
      : basis === "actual"
        ? "50, 80, 100"
        : "";

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const value = (k: string) => String(data.get(k) ?? "").trim();
    const v = {
      name: value("name"),
      amountUsd: value("amountUsd").replace(/^\$/, "").replace(/,/g, ""),
      actual: value("actual"),
      forecast: value("forecast"),
      channelIds: value("channelIds"),
    };
    const found = budgetFieldErrors(v);
    setErrors(found);
    setServerError(null);
    const first = (Object.keys(FIELD_IDS) as (keyof FieldErrors)[]).find((k) => found[k]);
    if (first) return form.querySelector<HTMLInputElement>(`#${prefix}-${FIELD_IDS[first]}`)?.focus();
    const scope = {
      ...(value("provider") ? { provider: value("provider") } : {}),
      ...(value("projectId") ? { projectId: value("projectId") } : {}),
      ...(value("apiKeyId") ? { apiKeyId: value("apiKeyId") } : {}),
    };
    const body = {
      name: v.name,
      amountUsd: v.amountUsd,
      scope,
      thresholds: [
        ...parsePercents(v.actual)!.map((percent) => ({ percent, basis: "actual" })),
        ...parsePercents(v.forecast)!.map((percent) => ({ percent, basis: "forecast" })),
      ],
      channelIds: v.channelIds.split(/[,\s]+/).filter(Boolean),
    };
    setBusy(true);
    const res = await fetch(budget ? `/api/budgets/${budget.id}` : "/api/budgets", {
      method: budget ? "PATCH" : "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    setBusy(false);
    if (!res.ok) return setServerError(await apiErrorMessage(res));
    const saved = (await res.json()) as { budget: BudgetView };
    if (!budget) form.reset();
    onSaved(saved.budget);
  }

  const describedBy = (field: keyof FieldErrors, hint?: string) =>
    [errors[field] ? `${prefix}-${FIELD_IDS[field]}-error` : null, hint].filter(Boolean).join(" ") || undefined;
  const error = (field: keyof FieldErrors) =>
    errors[field] && (
      <div id={`${prefix}-${FIELD_IDS[field]}-error`} className="field-error">
        {errors[field]}
      </div>
    );
  const text = (field: keyof FieldErrors, name: string, label: string, defaultValue: string, extra: object = {}) => (
    <div className="field">
      <label htmlFor={`${prefix}-${FIELD_IDS[field]}`}>{label}</label>
      <input
        id={`${prefix}-${FIELD_IDS[field]}`}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(field, (extra as { hint?: string }).hint)}
        {...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "hint"))}
      />
      {error(field)}
    </div>
  );

  return (
    <form onSubmit={onSubmit} aria-label={budget ? `Edit budget ${budget.name}` : "Create a budget"} noValidate>
      {serverError && (
        <div className="alert alert-error field" role="alert">
          {serverError}
        </div>
      )}
      <div className="form-grid">
        {text("name", "name", "Name", budget?.name ?? "", { placeholder: "e.g. OpenAI production", maxLength: 200 })}
        {text("amountUsd", "amountUsd", "Monthly amount (USD)", budget?.amountUsd ?? "", {
          inputMode: "decimal",
          placeholder: "500",
        })}
        <div className="field">
          <label htmlFor={`${prefix}-provider`}>Provider</label>
          <select id={`${prefix}-provider`} name="provider" defaultValue={budget?.scope.provider ?? ""}>
            <option value="">Every provider</option>
            <option value="openai">OpenAI</option>
            <option value="anthropic">Anthropic</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-project`}>Project or workspace id (optional)</label>
          <input id={`${prefix}-project`} name="projectId" defaultValue={budget?.scope.projectId ?? ""} />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-apikey`}>Provider API key id (optional)</label>
          <input id={`${prefix}-apikey`} name="apiKeyId" defaultValue={budget?.scope.apiKeyId ?? ""} />
        </div>
        {text("actual", "actual", "Alert at % of spend so far", percents("actual"), {
          hint: `${prefix}-actual-hint`,
        })}
        {text("forecast", "forecast", "Alert at % of month-end forecast", percents("forecast"), {
          hint: `${prefix}-forecast-hint`,
        })}
        {text("channelIds", "channelIds", "Notification channel ids (optional)", (budget?.channelIds ?? []).join(", "))}
      </div>
      <p id={`${prefix}-actual-hint`} className="field-hint">
        Each percentage alerts once a month, when spend so far reaches it (e.g. 50, 80, 100).
      </p>
      <p id={`${prefix}-forecast-hint`} className="field-hint">
        Alerts once a month when the month-end forecast reaches it; leave empty for none.
      </p>
      <div className="row" style={{ gap: "0.5rem" }}>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? "Saving…" : budget ? "Save budget" : "Create budget"}
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
