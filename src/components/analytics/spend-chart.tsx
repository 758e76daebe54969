"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { Granularity } from "@/lib/analytics/contract";
import type { SpendPoint } from "@/lib/reconciliation/spend";
import { formatCompact, formatInteger, formatPeriod } from "../format";
import { formatUsdText, plotNumber } from "../money/decimal-format";
import { AXIS_TICK, GRID_STROKE } from "./chart-theme";
import { colorOf, type ChartGroup, type Measure } from "./spend-colors";

export { colorOf, type ChartGroup, type Measure };

/** The stacked bars themselves (loaded on demand: recharts is the page's largest script). */
export default function SpendChart({
  points,
  groups,
  measure,
  granularity,
}: {
  points: SpendPoint[];
  groups: ChartGroup[];
  measure: Measure;
  granularity: Granularity;
}) {
  const data = points.map((p) => {
    const row: Record<string, string | number> = { period: p.period };
    for (const g of groups) {
      const v = p.groups[g.key];
      row[g.key] = v ? (measure === "spend" ? plotNumber(v.spendUsd) : v.tokens) : 0;
    }
    return row;
  });
  return (
    <BarChart
      responsive
      style={{ width: "100%", height: 280 }}
      data={data}
      margin={{ top: 8, right: 4, bottom: 0, left: 0 }}
      accessibilityLayer={false}
    >
      <CartesianGrid vertical={false} stroke={GRID_STROKE} />
      <XAxis
        dataKey="period"
        tickFormatter={(v: string) => formatPeriod(v, granularity)}
        tick={AXIS_TICK}
        tickLine={false}
        axisLine={{ stroke: GRID_STROKE }}
        minTickGap={16}
      />
      <YAxis
        tickFormatter={(v: number) => (measure === "spend" ? `$${formatCompact(v)}` : formatCompact(v))}
        tick={AXIS_TICK}
        tickLine={false}
        axisLine={false}
        width={52}
      />
      <Tooltip
        cursor={{ fill: "rgb(79 70 229 / 6%)" }}
        content={({ active, label }) => {
          const point = active ? points.find((p) => p.period === label) : undefined;
          if (!point) return null;
          return (
            <div className="chart-tooltip">
              <p className="chart-tooltip-title">
                {formatPeriod(point.period, granularity, true)}
                {point.provisional ? " (provisional)" : ""}
              </p>
              {groups.map((g) => {
                const v = point.groups[g.key];
                if (!v) return null;
                return (
                  <p key={g.key} className="small">
                    <span className="swatch" style={{ background: colorOf(groups, g.key) }} aria-hidden="true" />{" "}
                    {g.label}: {measure === "spend" ? formatUsdText(v.spendUsd) : formatInteger(v.tokens)}
                  </p>
                );
              })}
            </div>
          );
        }}
      />
      {groups.map((g) => (
        <Bar
          key={g.key}
          dataKey={g.key}
          name={g.label}
          stackId="spend"
          fill={colorOf(groups, g.key)}
          maxBarSize={36}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}
