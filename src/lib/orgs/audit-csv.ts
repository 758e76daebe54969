/**
 * The audit log as CSV, with the same filters as the listing, newest first, streamed in batches.
 * Cells go through the shared formula-neutralizing csvCell: labels and emails in an audit trail
 * are typed by people, and an `=HYPERLINK(...)` label must stay text in a spreadsheet.
 */
import type { Db } from "@/db/types";
import { csvLine } from "@/lib/csv/cell";
import type { AuditFilters } from "./audit-filters";
import { iterateAuditEntries, type AuditEntryView } from "./audit-list";
import { assertCan } from "./roles";
import type { ActingAs } from "./types";

export const AUDIT_CSV_COLUMNS = [
  "id",
  "created_at_utc",
  "action",
  "actor_email",
  "actor_user_id",
  "actor_token_id",
  "target_type",
  "target_id",
  "request_id",
  "details_json",
] as const;

function rowFields(e: AuditEntryView) {
  return [
    e.id,
    e.createdAt,
    e.action,
    e.actorEmail,
    e.actorUserId,
    e.actorTokenId,
    e.targetType,
    e.targetId,
    e.requestId,
    e.details ? JSON.stringify(e.details) : null,
  ];
}

async function* csvChunks(db: Db, orgId: string, filters: AuditFilters): AsyncGenerator<string> {
  yield csvLine([...AUDIT_CSV_COLUMNS]);
  for await (const batch of iterateAuditEntries(db, orgId, filters)) {
    yield batch.map((e) => csvLine(rowFields(e))).join("");
  }
}

/** GET /api/audit/export (admins and owners). The role is checked before the stream starts. */
export function exportAuditCsv(db: Db, actor: ActingAs, filters: AuditFilters): ReadableStream<Uint8Array> {
  assertCan(actor, "audit:read");
  const chunks = csvChunks(db, actor.orgId, filters);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** The whole CSV as one string (tests, small logs). */
export async function buildAuditCsv(db: Db, actor: ActingAs, filters: AuditFilters): Promise<string> {
  assertCan(actor, "audit:read");
  let out = "";
  for await (const chunk of csvChunks(db, actor.orgId, filters)) out += chunk;
  return out;
}

export function auditCsvFilename(filters: AuditFilters): string {
  const range = `${filters.start ?? "start"}-to-${filters.end ?? "now"}`;
  return `cognitrack-audit-${range}${filters.action ? `-${filters.action.replace(/[^a-z0-9]+/gi, "-")}` : ""}.csv`;
}
