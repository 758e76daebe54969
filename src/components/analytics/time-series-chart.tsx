"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { Granularity, TimeSeriesPoint } from "@/lib/analytics/contract";
import { formatCompact, formatPeriod, formatTokens } from "../format";
import { AXIS_TICK, GRID_STROKE, TOKEN_SERIES, tokenParts } from "./chart-theme";
import { TokenLegend, TokenTooltip } from "./token-tooltip";

const NOUN: Record<Granularity, string> = { day: "day", week: "week", month: "month" };

export function TimeSeriesChart({ points, granularity }: { points: TimeSeriesPoint[]; granularity: Granularity }) {
  const data = points.map((p) => ({ ...p, ...tokenParts(p) }));
  const total = points.reduce((sum, p) => sum + p.inputTokens + p.outputTokens, 0);
  const summary =
    points.length > 0
      ? `Tokens per ${NOUN[granularity]} from ${formatPeriod(points[0].period, granularity, true)} to ${formatPeriod(points.at(-1)!.period, granularity, true)}: ${formatTokens(total)} in total. The table below lists the same usage by dimension.`
      : "No usage in this range.";

  return (
    <figure className="chart-figure">
      <div role="img" aria-label={summary}>
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
            tickFormatter={(v: number) => formatCompact(v)}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={false}
            width={44}
          />
          <Tooltip
            cursor={{ fill: "rgb(79 70 229 / 6%)" }}
            content={({ active, payload }) => {
              const point = active ? (payload?.[0]?.payload as TimeSeriesPoint | undefined) : undefined;
              return point ? <TokenTooltip title={formatPeriod(point.period, granularity, true)} sums={point} /> : null;
            }}
          />
          {TOKEN_SERIES.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="tokens"
              fill={s.color}
              maxBarSize={36}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </div>
      <figcaption>
        <TokenLegend />
      </figcaption>
    </figure>
  );
}
