"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import type { SpendView } from "@/lib/reconciliation/spend";
import { formatInteger, formatPeriod } from "../format";
import { formatUsdText } from "../money/decimal-format";
import { GranularityToggle } from "./granularity-toggle";
import { Segmented, useOptimisticValue } from "./segmented";
import { colorOf, type Measure } from "./spend-colors";
import { STACK_PARAM, STACKS } from "./spend-params";
import { SpendTable } from "./spend-table";
import { useAnalyticsUrl } from "./url-state";

const SpendChart = dynamic(() => import("./spend-chart"), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 280 }} aria-hidden="true" />,
});

const MEASURES: { value: Measure; label: string }[] = [
  { value: "spend", label: "Spend" },
  { value: "tokens", label: "Tokens" },
];

/** Screen readers get the chart as a table: one row per period, one column per group. */
function ChartTable({ view, measure }: { view: SpendView; measure: Measure }) {
  const cell = (v: { spendUsd: string; tokens: number } | undefined) =>
    measure === "spend" ? formatUsdText(v?.spendUsd ?? "0") : formatInteger(v?.tokens ?? 0);
  // The wrapper is what is visually hidden: a table keeps its content's width whatever its own CSS says.
  return (
    <div className="sr-only">
      <table>
        <caption>
          {measure === "spend" ? "Spend" : "Tokens"} per {view.granularity} by {view.stack}
        </caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {view.chartGroups.map((g) => (
              <th key={g.key} scope="col">
                {g.label}
              </th>
            ))}
            {measure === "spend" && <th scope="col">Billed</th>}
            {measure === "spend" && <th scope="col">Estimated</th>}
          </tr>
        </thead>
        <tbody>
          {view.points.map((p) => (
            <tr key={p.period}>
              <th scope="row">
                {formatPeriod(p.period, view.granularity, true)}
                {p.provisional ? " (provisional)" : ""}
              </th>
              {view.chartGroups.map((g) => (
                <td key={g.key}>{cell(p.groups[g.key])}</td>
              ))}
              {measure === "spend" && <td>{formatUsdText(p.billedUsd)}</td>}
              {measure === "spend" && <td>{formatUsdText(p.estimatedUsd)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SpendSection({ view }: { view: SpendView }) {
  const { update, pending } = useAnalyticsUrl();
  const [stack, setStack] = useOptimisticValue(view.stack);
  const [measure, setMeasure] = useState<Measure>("spend");
  const noun = STACKS.find((s) => s.value === view.stack)?.noun ?? view.stack;
  const stale = pending || stack !== view.stack;
  const { totals } = view;
  const provisional = view.points.some((p) => p.provisional);
  const summary =
    measure === "spend"
      ? `Spend by ${noun}: ${formatUsdText(totals.spendUsd)} in total, ${formatUsdText(totals.billedUsd)} billed by providers and ${formatUsdText(totals.estimatedUsd)} estimated from usage. The table after the chart lists the same numbers.`
      : `Tokens by ${noun}: ${formatInteger(totals.tokens)} in total. The table after the chart lists the same numbers.`;

  return (
    <section className="card" aria-labelledby="spend-heading">
      <div className="card-header">
        <h2 id="spend-heading">{measure === "spend" ? "Spend over time" : "Token use by group over time"}</h2>
        <div className="row">
          <Segmented label="Chart shows" value={measure} options={MEASURES} onChange={setMeasure} />
          <Segmented
            label="Stack by"
            value={stack}
            options={STACKS.map(({ value, label }) => ({ value, label }))}
            onChange={(s) => {
              setStack(s);
              update({ [STACK_PARAM]: s });
            }}
          />
          <GranularityToggle value={view.granularity} />
        </div>
      </div>
      <div className={stale ? "is-stale stack" : "stack"} aria-busy={stale}>
        <p className="small" data-testid="spend-basis">
          <span className="badge badge-ok">Billed</span> {formatUsdText(totals.billedUsd)} from the providers&apos; cost
          reports · <span className="badge badge-warn">Estimated</span> {formatUsdText(totals.estimatedUsd)} computed
          from usage where no cost report covers the day.
          {provisional && " Today is provisional: the provider may still add cost."}
        </p>
        {view.estimatedOnlyReason && <p className="small muted">{view.estimatedOnlyReason}</p>}
        {view.chartGroups.length === 0 ? (
          <p className="muted">No spend or usage in this range.</p>
        ) : (
          <figure className="chart-figure">
            <div
              role="img"
              aria-label={summary}
              data-testid="spend-chart"
              data-measure={measure}
              data-stack={view.stack}
            >
              <SpendChart
                points={view.points}
                groups={view.chartGroups}
                measure={measure}
                granularity={view.granularity}
              />
            </div>
            <figcaption>
              <ul className="chart-legend" aria-label="Chart colours">
                {view.chartGroups.map((g) => (
                  <li key={g.key}>
                    <span
                      className="swatch"
                      style={{ background: colorOf(view.chartGroups, g.key) }}
                      aria-hidden="true"
                    />
                    {g.label}
                  </li>
                ))}
              </ul>
            </figcaption>
            <ChartTable view={view} measure={measure} />
          </figure>
        )}
        {view.table.length > 0 && <SpendTable rows={view.table} noun={noun} truncated={view.tableTruncated} />}
      </div>
    </section>
  );
}
