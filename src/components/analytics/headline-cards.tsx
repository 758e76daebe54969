import type { TotalsView, UsageSums } from "@/lib/analytics/contract";
import { formatDateRange, formatInteger, formatPercentChange, formatSpend } from "../format";

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

function Change({ current, previous, range }: { current: number; previous: number; range: string }) {
  const pct = formatPercentChange(current, previous);
  const direction = current > previous ? "up" : current < previous ? "down" : "flat";
  const arrow = direction === "up" ? "▲" : direction === "down" ? "▼" : "";
  const words = pct === null ? "new this period" : direction === "flat" ? "no change" : pct.replace(/^[+-]/, "");
  return (
    <div className="stat-change small">
      {arrow && <span aria-hidden="true">{arrow} </span>}
      <span className="sr-only">{direction === "up" ? "Up " : direction === "down" ? "Down " : ""}</span>
      {words}
      <span className="muted"> vs {range}</span>
    </div>
  );
}

export function HeadlineCards({ totals }: { totals: TotalsView }) {
  const previousRange = formatDateRange(totals.previousRange.start, totals.previousRange.end);
  return (
    <section className="stat-grid" aria-label="Totals for the selected range">
      {METRICS.map((m) => {
        const current = totals.current[m.key];
        const previous = totals.previous[m.key];
        const isSpend = m.key === "costUsd";
        return (
          <div className="card stat" key={m.key}>
            <div className="stat-label">{m.label}</div>
            <div className="stat-value">
              {isSpend ? formatSpend(current) : formatInteger(current ?? 0)}
              {m.unit && <span className="stat-unit"> {m.unit}</span>}
            </div>
            {isSpend && current === null ? (
              <div className="small muted">No prices known for these models yet</div>
            ) : isSpend && previous === null ? (
              <div className="small muted">No estimate for {previousRange}</div>
            ) : (
              <Change current={current ?? 0} previous={previous ?? 0} range={previousRange} />
            )}
            {m.hint && <div className="small muted">{m.hint}</div>}
          </div>
        );
      })}
    </section>
  );
}
