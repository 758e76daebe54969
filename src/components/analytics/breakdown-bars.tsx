"use client";

import { useSyncExternalStore } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { BreakdownRow } from "@/lib/analytics/contract";
import { formatCompact, formatTokens } from "../format";
import { AXIS_TICK, GRID_STROKE, TOKEN_SERIES, tokenParts } from "./chart-theme";
import { TokenLegend, TokenTooltip } from "./token-tooltip";

const TOP = 8;
const NARROW = "(max-width: 640px)";

function useNarrow() {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(NARROW);
      query.addEventListener("change", onChange);
      return () => query.removeEventListener("change", onChange);
    },
    () => window.matchMedia(NARROW).matches,
    () => false,
  );
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const totalTokens = (r: BreakdownRow) => r.inputTokens + r.outputTokens;

/** Horizontal stacked bars for the biggest items of the chosen breakdown. */
export function BreakdownBars({ rows, noun }: { rows: BreakdownRow[]; noun: string }) {
  const narrow = useNarrow();
  const maxChars = narrow ? 16 : 32;
  const top = [...rows].sort((a, b) => totalTokens(b) - totalTokens(a)).slice(0, TOP);
  const longest = Math.max(...top.map((r) => Math.min(r.label.length, maxChars)), 4);
  const data = top.map((r, i) => ({ ...r, ...tokenParts(r), rank: `${i}` }));
  const summary = `Top ${top.length} by tokens: ${top.map((r) => `${r.label}, ${formatTokens(totalTokens(r))}`).join("; ")}.`;

  return (
    <figure className="chart-figure">
      <figcaption className="small muted">
        Top {top.length} {noun}
        {top.length === 1 ? "" : "s"} by tokens
      </figcaption>
      <div role="img" aria-label={summary}>
        <BarChart
          responsive
          layout="vertical"
          style={{ width: "100%", height: top.length * 34 + 36 }}
          data={data}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
          <XAxis
            type="number"
            tickFormatter={(v: number) => formatCompact(v)}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={{ stroke: GRID_STROKE }}
          />
          <YAxis
            type="category"
            dataKey="rank"
            tickFormatter={(rank: string) => truncate(data[Number(rank)]?.label ?? "", maxChars)}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={false}
            width={Math.round(longest * 7.6) + 24}
          />
          <Tooltip
            cursor={{ fill: "rgb(79 70 229 / 6%)" }}
            content={({ active, payload }) => {
              const row = active ? (payload?.[0]?.payload as BreakdownRow | undefined) : undefined;
              return row ? <TokenTooltip title={row.label} sums={row} /> : null;
            }}
          />
          {TOKEN_SERIES.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="tokens"
              fill={s.color}
              maxBarSize={22}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </div>
      <TokenLegend />
    </figure>
  );
}
