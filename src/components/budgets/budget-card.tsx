"use client";

import { useState } from "react";
import type { BudgetWithProgress } from "@/lib/budgets/list";
import { BudgetForm } from "./budget-form";
import { formatUsdText, percentOf } from "./money";

const PROVIDERS: Record<string, string> = { openai: "OpenAI", anthropic: "Anthropic" };

function scopeText(b: BudgetWithProgress): string {
  const parts = [
    b.scope.provider ? (PROVIDERS[b.scope.provider] ?? b.scope.provider) : "Every provider",
    b.scope.projectId ? `project ${b.scope.projectId}` : null,
    b.scope.apiKeyId ? `API key ${b.scope.apiKeyId}` : null,
  ];
  return parts.filter(Boolean).join(" · ");
}

/** A labelled bar with its value in words beside it (the bar alone is not the information). */
function Bar({
  id,
  label,
  value,
  max,
  text,
  over,
}: {
  id: string;
  label: string;
  value: string;
  max: string;
  text: string;
  over: boolean;
}) {
  const pct = percentOf(value, max);
  return (
    <div className="budget-bar-row">
      <span id={id} className="small">
        {label}
      </span>
      <progress
        className={`budget-bar${over ? " is-over" : ""}`}
        max={100}
        value={Math.min(pct, 100)}
        aria-labelledby={id}
        aria-valuetext={text}
      />
      <span className="small">{text}</span>
    </div>
  );
}

export function BudgetCard({
  budget,
  canEdit,
  onSaved,
  onDelete,
}: {
  budget: BudgetWithProgress;
  canEdit: boolean;
  onSaved: () => void;
  onDelete: (b: BudgetWithProgress) => Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const p = budget.progress;
  const slug = budget.id.slice(0, 8);
  const actualPct = percentOf(p.actualUsd, budget.amountUsd);
  const forecastPct = percentOf(p.forecastUsd, budget.amountUsd);
  return (
    <article className="card stack" aria-labelledby={`budget-${slug}-name`}>
      <div className="card-header">
        <div>
          <h3 id={`budget-${slug}-name`} style={{ margin: 0 }}>
            {budget.name}
          </h3>
          <p className="small muted" style={{ margin: 0 }}>
            {formatUsdText(budget.amountUsd)} a month · {scopeText(budget)} · {p.month} (UTC)
          </p>
        </div>
        <span className={`badge ${p.onTrack ? "badge-ok" : "badge-bad"}`}>
          {p.onTrack ? "On track" : `Over by ${formatUsdText(p.overByUsd)}`}
        </span>
      </div>
      <Bar
        id={`budget-${slug}-actual`}
        label="Spent so far"
        value={p.actualUsd}
        max={budget.amountUsd}
        over={actualPct >= 100}
        text={`${formatUsdText(p.actualUsd)} of ${formatUsdText(budget.amountUsd)} (${actualPct}%)`}
      />
      <Bar
        id={`budget-${slug}-forecast`}
        label="Month-end forecast"
        value={p.forecastUsd}
        max={budget.amountUsd}
        over={forecastPct > 100}
        text={`${formatUsdText(p.forecastUsd)} (${forecastPct}%)`}
      />
      <p className="small muted" style={{ margin: 0 }}>
        Alerts at{" "}
        {budget.thresholds.map((t) => `${t.percent}% ${t.basis === "actual" ? "spent" : "forecast"}`).join(", ")}
        {budget.channelIds.length ? ` · ${budget.channelIds.length} channel(s)` : " · shown here only (no channels)"}
      </p>
      {canEdit && !editing && (
        <div className="row" style={{ gap: "0.5rem" }}>
          <button
            className="btn btn-sm"
            type="button"
            onClick={() => setEditing(true)}
            aria-label={`Edit ${budget.name}`}
          >
            Edit
          </button>
          <button
            className="btn btn-sm btn-danger"
            type="button"
            onClick={() => setConfirming(true)}
            aria-label={`Delete ${budget.name}`}
          >
            Delete
          </button>
        </div>
      )}
      {canEdit && confirming && (
        <div className="confirm-delete" role="group" aria-label={`Confirm deleting ${budget.name}`}>
          <p className="small" style={{ marginTop: 0 }}>
            Delete “{budget.name}”? Alerts it already fired stay in the history.
          </p>
          <div className="row" style={{ gap: "0.5rem" }}>
            <button className="btn btn-sm btn-danger" type="button" onClick={() => void onDelete(budget)}>
              Yes, delete {budget.name}
            </button>
            <button className="btn btn-sm" type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {canEdit && editing && (
        <BudgetForm
          budget={budget}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onSaved();
          }}
        />
      )}
    </article>
  );
}
