"use client";

import type { BreakdownDimension, BreakdownRow, UsageSums } from "@/lib/analytics/contract";
import { BreakdownBars } from "./lazy-charts";
import { BreakdownTable } from "./breakdown-table";
import { DIMENSIONS, PARAM } from "./params";
import { Segmented, useOptimisticValue } from "./segmented";
import { useAnalyticsUrl } from "./url-state";

export function BreakdownSection({
  dimension,
  rows,
  total,
  limit,
}: {
  dimension: BreakdownDimension;
  rows: BreakdownRow[];
  total: UsageSums;
  limit: number;
}) {
  const { update, pending } = useAnalyticsUrl();
  const [shown, setShown] = useOptimisticValue(dimension);
  const dim = DIMENSIONS.find((d) => d.id === dimension) ?? DIMENSIONS[0];
  const stale = pending || shown !== dimension;
  const options = DIMENSIONS.map((d) => ({ value: d.id, label: d.label }));
  const choose = (d: BreakdownDimension) => {
    setShown(d);
    update({ [PARAM.dim]: d });
  };

  return (
    <section className="card" aria-labelledby="breakdown-heading">
      <div className="card-header">
        <h2 id="breakdown-heading">Breakdown by {DIMENSIONS.find((d) => d.id === shown)?.noun ?? dim.noun}</h2>
        <div className="seg-scroll">
          <Segmented label="Break down by" value={shown} options={options} onChange={choose} />
        </div>
        <div className="dim-select">
          <label htmlFor="dim-select" className="sr-only">
            Break down by
          </label>
          <select id="dim-select" value={shown} onChange={(e) => choose(e.target.value as BreakdownDimension)}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className={stale ? "is-stale" : undefined} aria-busy={stale}>
        {rows.length === 0 ? (
          <p className="muted">No usage to break down by {dim.noun}.</p>
        ) : (
          <div className="stack">
            <BreakdownBars rows={rows} noun={dim.noun} />
            <BreakdownTable
              rows={rows}
              total={total}
              nameHeader={dim.label}
              caption={`Usage by ${dim.noun}`}
              onPick={(row) => update({ [PARAM[dim.filter]]: row.value })}
              pickLabel={() => `Show only this ${dim.noun}`}
            />
            {rows.length >= limit && (
              <p className="small muted">
                Showing the top {limit} by tokens; the total row covers everything in the filtered range.
              </p>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
