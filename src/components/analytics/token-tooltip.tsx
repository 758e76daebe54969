import type { UsageSums } from "@/lib/analytics/contract";
import { formatInteger, formatSpend } from "../format";
import { TOKEN_SERIES, tokenParts } from "./chart-theme";

/** Tooltip body for any chart whose data items carry UsageSums. */
export function TokenTooltip({ title, sums }: { title: string; sums: UsageSums }) {
  const parts = tokenParts(sums);
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{title}</div>
      <table>
        <tbody>
          {TOKEN_SERIES.map((s) => (
            <tr key={s.key}>
              <th scope="row">
                <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
                {s.label}
              </th>
              <td className="num">{formatInteger(parts[s.key])}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Requests</th>
            <td className="num">{formatInteger(sums.requests)}</td>
          </tr>
          <tr>
            <th scope="row">Est. spend</th>
            <td className="num">{formatSpend(sums.costUsd)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export function TokenLegend() {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {TOKEN_SERIES.map((s) => (
        <li key={s.key}>
          <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  );
}
