import type { ReconciliationRow } from "@/lib/reconciliation/contract";
import { findProviderAdapter } from "@/lib/providers/registry";
import { formatDateUtc } from "../format";
import { formatRate, formatUsdText } from "../money/decimal-format";

const providerName = (id: string) => findProviderAdapter(id)?.displayName ?? id;

/** Flagged days and projects, each with the billed line items that explain the gap. */
export function FlaggedRows({ rows, threshold }: { rows: ReconciliationRow[]; threshold: number }) {
  if (rows.length === 0) {
    return (
      <p className="alert alert-ok" role="status">
        No closed day and project is off by more than {threshold}% in this range.
      </p>
    );
  }
  return (
    <ul className="stack" aria-label="Flagged days and projects" style={{ listStyle: "none", padding: 0 }}>
      {rows.map((r) => (
        <li key={`${r.day}|${r.provider}|${r.projectId}`} className="card" data-testid="flagged-row">
          <h3 style={{ marginTop: 0 }}>
            {formatDateUtc(r.day)} · {providerName(r.provider)} · {r.projectName}
          </h3>
          <p>
            Billed <strong>{formatUsdText(r.billedUsd)}</strong>, computed{" "}
            <strong>{formatUsdText(r.computedUsd)}</strong>: gap {formatUsdText(r.gapUsd)} (capture rate{" "}
            {formatRate(r.captureRate)}).
          </p>
          {!r.lineItemsListed ? (
            <p className="small muted">
              Line items are listed for the flagged rows with the biggest gaps only; narrow the date range to see this
              row&apos;s.
            </p>
          ) : r.lineItems.length === 0 ? (
            <p className="small muted">The provider billed no line items for this project on this day.</p>
          ) : (
            <div
              className="table-wrap"
              tabIndex={0}
              role="region"
              aria-label={`Line items of ${r.day}, ${providerName(r.provider)}, ${r.projectName}`}
            >
              <table className="breakdown-table">
                <caption className="sr-only">Billed line items</caption>
                <thead>
                  <tr>
                    <th scope="col">Line item</th>
                    <th scope="col" className="num">
                      Billed
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.lineItems.map((li, i) => (
                    <tr key={i}>
                      <th scope="row" className="name-cell">
                        {li.lineItem ?? <span className="muted">(no line item)</span>}
                      </th>
                      <td className="num">{formatUsdText(li.amountUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Every closed day, provider and project in range. */
export function ReconciliationTable({ rows }: { rows: ReconciliationRow[] }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Table of every day and project">
      <table className="breakdown-table" data-testid="reconciliation-table">
        <caption className="sr-only">Billed against computed cost per closed day, provider and project</caption>
        <thead>
          <tr>
            <th scope="col">Day (UTC)</th>
            <th scope="col">Provider</th>
            <th scope="col">Project</th>
            <th scope="col" className="num">
              Billed
            </th>
            <th scope="col" className="num">
              Computed
            </th>
            <th scope="col" className="num">
              Capture rate
            </th>
            <th scope="col" className="num">
              Gap
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.day}|${r.provider}|${r.projectId}`}>
              <th scope="row" className="nowrap">
                {r.day}
              </th>
              <td>{providerName(r.provider)}</td>
              <td>{r.projectName}</td>
              <td className="num">{r.billedUsd === null ? "not reported" : formatUsdText(r.billedUsd)}</td>
              <td className="num">{formatUsdText(r.computedUsd)}</td>
              <td className="num">{formatRate(r.captureRate)}</td>
              <td className="num">{formatUsdText(r.gapUsd)}</td>
              <td>
                {r.flagged ? (
                  <span className="badge badge-bad">Flagged</span>
                ) : r.billedUsd === null ? (
                  <span className="badge">No cost report</span>
                ) : (
                  <span className="badge badge-ok">Within threshold</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
