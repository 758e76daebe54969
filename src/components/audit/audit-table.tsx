import type { AuditEntryView } from "@/lib/orgs/audit-list";
import { auditActionLabel } from "./action-labels";

/** Seconds matter in an audit trail: "2026-03-04 09:15:02 UTC". */
const whenText = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

function actorText(e: AuditEntryView) {
  if (e.actorEmail) return e.actorEmail;
  if (e.actorTokenId) return `API token ${e.actorTokenId.slice(0, 8)}`;
  return e.actorUserId ? "A deleted user" : "CogniTrack (system)";
}

function detailsText(details: AuditEntryView["details"]) {
  if (!details) return "";
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
    .join(" · ");
}

/** One row per entry, newest first; the request id ties an entry to the server log. */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Action</th>
            <th scope="col">Who</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
            <th scope="col">Request id</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">
                <time dateTime={e.createdAt}>{whenText(e.createdAt)}</time>
              </td>
              <td>{auditActionLabel(e.action)}</td>
              <td>{actorText(e)}</td>
              <td className="small">{e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : ""}</td>
              <td className="small">{detailsText(e.details)}</td>
              <td className="small mono">{e.requestId ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
