import type { ScopeForecast } from "@/lib/forecast/get";
import { formatUsdText } from "../budgets/money";

const W = 640;
const H = 180;
const PAD = { left: 8, right: 8, top: 12, bottom: 20 };

/**
 * Cumulative spend this month: a solid line for the days so far and a dashed projection to the
 * month-end forecast. Numbers become floats only to place points; every value shown is text from
 * the exact decimal strings.
 */
export function ForecastChart({ forecast, daysInMonth }: { forecast: ScopeForecast; daysInMonth: number }) {
  const cumulative: number[] = [];
  let running = 0;
  for (const d of forecast.daily) {
    running += Number(d.amountUsd);
    cumulative.push(running);
  }
  const top = Math.max(Number(forecast.forecastUsd), running, 0.01);
  const x = (dayIndex: number) => PAD.left + (dayIndex / Math.max(daysInMonth, 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const solid = [`${x(0)},${y(0)}`, ...cumulative.map((v, i) => `${x(i + 1)},${y(v)}`)].join(" ");
  const lastX = x(cumulative.length);
  const lastY = y(running);
  const label = `Spend so far ${formatUsdText(forecast.actualUsd)}; projected ${formatUsdText(forecast.forecastUsd)} by the month's end.`;
  return (
    <figure className="chart-figure" style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label}>
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="var(--border)" />
        <polyline points={solid} fill="none" stroke="var(--accent)" strokeWidth={2} />
        {forecast.state !== "past" && (
          <line
            x1={lastX}
            y1={lastY}
            x2={x(daysInMonth)}
            y2={y(Number(forecast.forecastUsd))}
            stroke="var(--accent)"
            strokeWidth={2}
            strokeDasharray="6 5"
          />
        )}
      </svg>
      <figcaption className="chart-legend small">
        <span>
          <svg width="24" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="24" y2="4" stroke="var(--accent)" strokeWidth="2" />
          </svg>{" "}
          Spent so far: {formatUsdText(forecast.actualUsd)}
        </span>{" "}
        <span>
          <svg width="24" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="24" y2="4" stroke="var(--accent)" strokeWidth="2" strokeDasharray="6 5" />
          </svg>{" "}
          Projected month-end: {formatUsdText(forecast.forecastUsd)}
        </span>
      </figcaption>
    </figure>
  );
}
