import type { Db } from "@/db/types";
import { detectAnomalies } from "@/lib/anomalies/detect";
import { logger } from "@/lib/logger";
import { formatUsdText } from "../budgets/money";

const scopeText = (kind: string, id: string | null) =>
  kind === "organization" ? "Whole organization" : kind === "provider" ? `Provider ${id}` : `Project ${id}`;

/** Unusual days of the last 30 closed days (organization, providers, projects), for Analytics. */
export async function AnomaliesSection({ db, orgId }: { db: Db; orgId: string }) {
  let found;
  try {
    found = await detectAnomalies(db, orgId, {});
  } catch (error) {
    logger.error("anomalies failed on the analytics page", { orgId, error });
    return null;
  }
  const { anomalies, range, rule } = found;
  return (
    <section className="card" aria-labelledby="anomalies-heading">
      <h2 id="anomalies-heading">Unusual spend</h2>
      <p className="small muted" style={{ marginTop: 0 }}>
        Closed days from {range.start} to {range.end} (UTC) whose spend was more than {rule.k} × the median absolute
        deviation and more than {formatUsdText(rule.floorUsd)} above the median of the 28 days before.
      </p>
      {anomalies.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          Nothing unusual in this period.
        </p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Unusual spend days, scrollable">
          <table aria-label="Unusual spend days">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Scope</th>
                <th scope="col" className="num">
                  Spend
                </th>
                <th scope="col" className="num">
                  Usual (median)
                </th>
                <th scope="col" className="num">
                  Alert line
                </th>
              </tr>
            </thead>
            <tbody>
              {anomalies.map((a) => (
                <tr key={`${a.day}:${a.scope.kind}:${a.scope.id}`}>
                  <td className="mono">{a.day}</td>
                  <td>{scopeText(a.scope.kind, a.scope.id)}</td>
                  <td className="num">{formatUsdText(a.amountUsd)}</td>
                  <td className="num">{formatUsdText(a.medianUsd)}</td>
                  <td className="num">{formatUsdText(a.thresholdUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
