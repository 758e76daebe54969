import type { TotalsView, UsageSums } from "@/lib/analytics/contract";
import { formatDateRange, formatInteger, formatPercentChange, formatSpend } from "../format";

const DAY_MS = 86_400_000;
const dayCount = (r: { start: string; end: string }) =>
  Math.round((Date.parse(r.end) - Date.parse(r.start)) / DAY_MS) + 1;

interface Metric {
  key: keyof UsageSums;
  label: string;
  unit?: string;
  hint?: string;
}

const METRICS: Metric[] = [
  { key: "inputTokens", label: "Input tokens", unit: "tokens", hint: "Includes cached input" },
  { key: "outputTokens", label: "Output tokens", unit: "tokens" },
  { key: "cachedInputTokens", label: "Cached input tokens", unit: "tokens" },
  { key: "requests", label: "Requests", unit: "requests" },
  { key: "costUsd", label: "Estimated spend" },
];

function Change({ current, previous, period }: { current: number; previous: number; period: string }) {
  const pct = formatPercentChange(current, previous);
  if (pct === null) return <div className="small muted">No usage in the {period}</div>;
  const direction = current > previous ? "up" : current < previous ? "down" : "flat";
  return (
    <div className="stat-change small">
      {direction !== "flat" && <span aria-hidden="true">{direction === "up" ? "▲ " : "▼ "}</span>}
      <span className="sr-only">{direction === "up" ? "Up " : direction === "down" ? "Down " : ""}</span>
      {direction === "flat" ? "No change" : pct.replace(/^[+-]/, "")}
      <span className="muted"> vs {period}</span>
    </div>
  );
}

export function HeadlineCards({ totals }: { totals: TotalsView }) {
  const prev = totals.previousRange;
  const days = dayCount(prev);
  const period = `previous ${days === 1 ? "day" : `${days} days`}`;
  return (
    <section className="stat-grid" aria-label="Totals for the selected range">
      {METRICS.map((m) => {
        const current = totals.current[m.key];
        const previous = totals.previous[m.key];
        const isSpend = m.key === "costUsd";
        return (
          <div
            className="card stat"
            key={m.key}
            title={`Previous period: ${formatDateRange(prev.start, prev.end)} (UTC)`}
          >
            <div className="stat-label">{m.label}</div>
            <div className="stat-value">
              {isSpend ? formatSpend(current) : formatInteger(current ?? 0)}
              {m.unit && <span className="stat-unit"> {m.unit}</span>}
            </div>
            {isSpend && current === null ? (
              <div className="small muted">No prices known for these models yet</div>
            ) : isSpend && previous === null ? (
              <div className="small muted">No estimate for the {period}</div>
            ) : (
              <Change current={current ?? 0} previous={previous ?? 0} period={period} />
            )}
            {m.hint && <div className="small muted">{m.hint}</div>}
            {isSpend &&
              totals.notes.map((note) => (
                <div className="small muted" key={note}>
                  {note}
                </div>
              ))}
          </div>
        );
      })}
    </section>
  );
}
