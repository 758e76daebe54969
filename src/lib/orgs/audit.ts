/**
 * The audit log: one append-only row per security-relevant action. This module only inserts;
 * there is no update or delete path (rows leave with their organization). Details are small,
 * plain facts (labels, roles, counts): never a key, token or password, and string values are
 * passed through the logger's secret masking as a second line of defence.
 */
import { eq } from "drizzle-orm";
import { auditLog, memberships } from "@/db/schema";
import type { Db } from "@/db/types";
import { redactString } from "@/lib/logger";

export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "org.create",
  "org.rename",
  "org.delete",
  "member.role_change",
  "member.remove",
  "member.leave",
  "key.create",
  "key.update",
  "key.delete",
  "key.test",
  "account.delete",
  "member.invite",
  "member.join",
  "invitation.revoke",
  "token.create",
  "token.revoke",
  "channel.create",
  "channel.update",
  "channel.delete",
  "channel.test",
  "budget.create",
  "budget.update",
  "budget.delete",
  "price.create",
  "price.update",
  "price.delete",
  "price.reset",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/** Whoever acted: a signed-in user, or an API token, or nobody (system jobs). */
export interface AuditActor {
  userId: string | null;
  tokenId?: string | null;
}

export interface AuditEntry {
  orgId: string;
  actor: AuditActor | null;
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  requestId?: string | null;
  details?: AuditDetails | null;
}

function safeDetails(details: AuditDetails | null | undefined): AuditDetails | null {
  if (!details) return null;
  const out: AuditDetails = {};
  for (const [k, v] of Object.entries(details)) {
    out[k] = typeof v === "string" ? redactString(v) : Array.isArray(v) ? v.map(redactString) : v;
  }
  return out;
}

function toRow(entry: AuditEntry) {
  return {
    orgId: entry.orgId,
    actorUserId: entry.actor?.userId ?? null,
    actorTokenId: entry.actor?.tokenId ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: entry.requestId ?? null,
    details: safeDetails(entry.details),
  };
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(toRow(entry));
}

/** Several rows in one statement (sign-in writes one per organization of the user). */
export async function recordAudits(db: Db, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(auditLog).values(entries.map(toRow));
}

/** A sign-in is recorded in every organization the user belongs to: each one's admins see it. */
export async function recordSignIn(db: Db, userId: string, meta: { requestId?: string; via?: string } = {}) {
  const orgs = await db.select({ orgId: memberships.orgId }).from(memberships).where(eq(memberships.userId, userId));
  await recordAudits(
    db,
    orgs.map(({ orgId }) => ({
      orgId,
      actor: { userId },
      action: "auth.sign_in" as const,
      targetType: "user",
      targetId: userId,
      requestId: meta.requestId,
      details: { via: meta.via ?? "password" },
    })),
  );
}
