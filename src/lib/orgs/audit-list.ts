/**
 * The read side of the audit log: the organization's entries, newest first, filtered by UTC day
 * range and action, in keyset pages (a cursor is the id of the last entry of the previous page).
 * Read-only by design: like audit.ts, nothing here can change or remove an entry.
 */
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { auditLog, users } from "@/db/schema";
import type { Db } from "@/db/types";
import { AUDIT_PAGE_DEFAULT, type AuditFilters, type AuditQuery } from "./audit-filters";
import { assertCan } from "./roles";
import type { ActingAs } from "./types";

export interface AuditEntryView {
  /** Stable, increasing id (a string: it is a bigint). */
  id: string;
  createdAt: string;
  action: string;
  /** Who acted: a user (email shown while the account exists), an API token, or nobody (a job). */
  actorUserId: string | null;
  actorEmail: string | null;
  actorTokenId: string | null;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000);

function whereOf(orgId: string, filters: AuditFilters, cursor?: string): SQL {
  const parts: (SQL | undefined)[] = [eq(auditLog.orgId, orgId)];
  if (filters.start) parts.push(gte(auditLog.createdAt, new Date(`${filters.start}T00:00:00.000Z`)));
  if (filters.end) parts.push(lt(auditLog.createdAt, nextDay(filters.end)));
  if (filters.action) parts.push(eq(auditLog.action, filters.action));
  // Row comparison against the cursor's own (created_at, id): timestamps keep their microseconds.
  // A cursor that is not an entry of this organization matches nothing, so it reveals nothing.
  if (cursor) {
    parts.push(
      sql`(${auditLog.createdAt}, ${auditLog.id}) < (select c.created_at, c.id from audit_log c where c.id = ${cursor}::bigint and c.org_id = ${orgId})`,
    );
  }
  return and(...parts)!;
}

async function selectEntries(db: Db, orgId: string, filters: AuditFilters, limit: number, cursor?: string) {
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      actorUserId: auditLog.actorUserId,
      actorEmail: users.email,
      actorTokenId: auditLog.actorTokenId,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      requestId: auditLog.requestId,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(whereOf(orgId, filters, cursor))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
  return rows.map((r): AuditEntryView => ({
    ...r,
    id: String(r.id),
    createdAt: r.createdAt.toISOString(),
    details: (r.details as Record<string, unknown> | null) ?? null,
  }));
}

/** GET /api/audit: one page of the current organization's audit log (admins and owners). */
export async function listAuditEntries(db: Db, actor: ActingAs, query: AuditQuery): Promise<AuditPage> {
  assertCan(actor, "audit:read");
  const { cursor, limit = AUDIT_PAGE_DEFAULT, ...filters } = query;
  const rows = await selectEntries(db, actor.orgId, filters, limit + 1, cursor);
  const entries = rows.slice(0, limit);
  return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null };
}

/** Every matching entry, newest first, in batches: the CSV export walks the log with this. */
export async function* iterateAuditEntries(
  db: Db,
  orgId: string,
  filters: AuditFilters,
  batchSize = 500,
): AsyncGenerator<AuditEntryView[]> {
  let cursor: string | undefined;
  for (;;) {
    const batch = await selectEntries(db, orgId, filters, batchSize, cursor);
    if (batch.length > 0) yield batch;
    if (batch.length < batchSize) return;
    cursor = batch[batch.length - 1]!.id;
  }
}
