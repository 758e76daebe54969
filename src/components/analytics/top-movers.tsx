import type { Mover, MoversView } from "@/lib/reconciliation/movers";
import { formatDateRange } from "../format";
import { formatUsdText } from "../money/decimal-format";

function MoversTable({ title, rows }: { title: string; rows: Mover[] }) {
  return (
    <div>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted small">No change in spend.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={`${title}: top movers`}>
          <table className="breakdown-table">
            <caption className="sr-only">{title}: spend this period against the previous one</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Previous
                </th>
                <th scope="col" className="num">
                  Current
                </th>
                <th scope="col" className="num">
                  Change
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.key}>
                  <th scope="row" className="name-cell">
                    {m.label}
                  </th>
                  <td className="num">{formatUsdText(m.previousUsd)}</td>
                  <td className="num">{formatUsdText(m.currentUsd)}</td>
                  <td className="num">
                    {m.changeUsd.startsWith("-") ? "" : "+"}
                    {formatUsdText(m.changeUsd)}{" "}
                    <span className="muted">
                      (
                      {m.changePercent === null
                        ? "new"
                        : `${m.changePercent.startsWith("-") ? "" : "+"}${m.changePercent}%`}
                      )
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The models and projects whose spend changed most against the previous period of the same length. */
export function TopMovers({ movers }: { movers: MoversView }) {
  return (
    <section className="card" aria-labelledby="movers-heading">
      <div className="card-header">
        <h2 id="movers-heading">Top movers</h2>
        <p className="small muted" style={{ margin: 0 }}>
          Against {formatDateRange(movers.previousRange.start, movers.previousRange.end)}. Models are estimated from
          usage; projects use billed cost where reported.
        </p>
      </div>
      <div className="grid-2">
        <MoversTable title="Models" rows={movers.models} />
        <MoversTable title="Projects" rows={movers.projects} />
      </div>
    </section>
  );
}
