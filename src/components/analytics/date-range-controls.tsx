"use client";

import { useState } from "react";
import { PARAM } from "./params";
import { useAnalyticsUrl } from "./url-state";

const PRESETS = [
  { days: 7, label: "7d", long: "Last 7 days" },
  { days: 30, label: "30d", long: "Last 30 days" },
  { days: 90, label: "90d", long: "Last 90 days" },
  { days: 365, label: "1y", long: "Last 365 days" },
];

const DAY_MS = 86_400_000;
const daysBefore = (ymd: string, n: number) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
// Date inputs report partial years such as 0202 while someone types; only apply plausible dates.
const isPlausible = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && v >= "2000-01-01";

export function DateRangeControls({ start, end, today }: { start: string; end: string; today: string }) {
  const { update } = useAnalyticsUrl();
  const [draft, setDraft] = useState({ start, end });
  const [shown, setShown] = useState({ start, end });
  if (shown.start !== start || shown.end !== end) {
    setShown({ start, end });
    setDraft({ start, end });
  }

  function change(which: "start" | "end", value: string) {
    const next = { ...draft, [which]: value };
    setDraft(next);
    if (!isPlausible(next.start) || !isPlausible(next.end)) return;
    // Keep the range ordered by moving the other end along.
    if (next.start > next.end) {
      if (which === "start") next.end = next.start;
      else next.start = next.end;
    }
    update({ [PARAM.start]: next.start, [PARAM.end]: next.end });
  }

  return (
    <div className="date-controls">
      <div className="date-fields">
        <div className="field">
          <label htmlFor="range-start">From</label>
          <input
            id="range-start"
            type="date"
            value={draft.start}
            max={today}
            onChange={(e) => change("start", e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="range-end">To</label>
          <input
            id="range-end"
            type="date"
            value={draft.end}
            max={today}
            onChange={(e) => change("end", e.target.value)}
          />
        </div>
      </div>
      <div className="date-presets">
        <div className="seg" role="group" aria-label="Date range presets">
          {PRESETS.map((p) => {
            const presetStart = daysBefore(today, p.days - 1);
            const pressed = start === presetStart && end === today;
            return (
              <button
                key={p.days}
                type="button"
                aria-pressed={pressed}
                title={p.long}
                onClick={() => update({ [PARAM.start]: presetStart, [PARAM.end]: today })}
              >
                {/* The spoken name starts with what is shown, so voice control can say "7d". */}
                {p.label}
                <span className="sr-only"> ({p.long.toLowerCase()})</span>
              </button>
            );
          })}
        </div>
        <span className="small muted nowrap">All dates UTC</span>
      </div>
    </div>
  );
}
