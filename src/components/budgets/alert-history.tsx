import type { AlertView } from "@/lib/alerts/list";
import { formatDateTimeUtc } from "../format";

/** Fired alerts, newest first. Delivery status per channel comes from the delivery side when wired. */
export function AlertHistory({ alerts, range }: { alerts: AlertView[]; range: { start: string; end: string } }) {
  return (
    <section className="card" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">
        Alert history <span className="muted">({alerts.length})</span>
      </h2>
      <p className="small muted">
        Fired from {range.start} to {range.end} (UTC). Each threshold fires once a month; each unusual day once.
      </p>
      {alerts.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          No alerts in this period.
        </p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Fired alerts, scrollable">
          <table aria-label="Fired alerts">
            <thead>
              <tr>
                <th scope="col">Fired</th>
                <th scope="col">Alert</th>
                <th scope="col">Kind</th>
                <th scope="col">Period</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">{formatDateTimeUtc(a.firedAt)}</td>
                  <td>
                    <strong>{a.title}</strong>
                    <div className="small muted">{a.text}</div>
                  </td>
                  <td>{a.kind === "anomaly" ? "Unusual spend" : "Budget"}</td>
                  <td className="mono">{a.period}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
