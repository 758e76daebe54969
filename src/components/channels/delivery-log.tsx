import type { DeliveryLogView } from "@/lib/notifications/outbox/log";
import { formatDateTimeUtc } from "../format";

/** The latest delivery attempts of one channel (alerts and tests), newest first. */
export function DeliveryLog({ channelName, entries }: { channelName: string; entries: DeliveryLogView[] }) {
  if (entries.length === 0) {
    return (
      <p className="small muted" style={{ margin: "0.5rem 0 0" }}>
        Nothing sent yet.
      </p>
    );
  }
  return (
    <details style={{ marginTop: "0.5rem" }}>
      <summary className="small">Recent deliveries ({entries.length})</summary>
      <div className="table-wrap">
        <table aria-label={`Recent deliveries to ${channelName}`}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Try</th>
              <th scope="col">Outcome</th>
              <th scope="col" className="num">
                Took
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((d) => (
              <tr key={d.id}>
                <td className="nowrap">{formatDateTimeUtc(d.attemptedAt)}</td>
                <td>{d.source === "test" ? "Test" : "Alert"}</td>
                <td className="num">{d.attempt}</td>
                <td>
                  <span className={d.ok ? "badge badge-ok" : "badge badge-bad"}>{d.ok ? "OK" : "Failed"}</span>{" "}
                  {d.outcome}
                </td>
                <td className="num nowrap">{d.durationMs} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
