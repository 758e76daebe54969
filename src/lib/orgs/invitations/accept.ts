/**
 * Accepting an invitation: the signed-in user joins with the invited role, once. The account's
 * email must be the invited one (the link may be forwarded or leak; the mailbox is what the admin
 * chose). Unknown, expired, revoked and used links all get the same 404.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { invitations, memberships, organizations, users } from "@/db/schema";
import type { Db } from "@/db/types";
import type { SessionUser } from "@/lib/auth/accounts";
import { safeEqual } from "@/lib/crypto/compare";
import { hashSecret } from "@/lib/crypto/secret-token";
import { AppError } from "@/lib/errors";
import { enforceRateLimit } from "@/lib/rate-limit/request-limiter";
import { requestPolicy } from "@/lib/rate-limit/request-policies";
import { recordAudit } from "../audit";
import type { Role } from "../roles";
import type { OrgSummary } from "../types";
import { INVITATION_TOKEN_SHAPE, invalidInvitation } from "./link";

export interface InvitationPreview {
  orgName: string;
  role: Role;
  /** The invited address, partly hidden: enough to know which account to use. */
  maskedEmail: string;
  expiresAt: string;
  invitedBy: string | null;
}

/** "jane@example.com" -> "j***@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at <= 0 ? "***" : `${email[0]}***${email.slice(at)}`;
}

const pending = (hash: string) =>
  and(
    eq(invitations.tokenHash, hash),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    gt(invitations.expiresAt, new Date()),
  );

/** What the accept page shows before anyone signs in; null for a link that cannot be accepted. */
export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview | null> {
  if (!INVITATION_TOKEN_SHAPE.test(token)) return null;
  const [row] = await db
    .select({
      orgName: organizations.name,
      role: invitations.role,
      email: invitations.email,
      expiresAt: invitations.expiresAt,
      invitedBy: users.email,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(pending(hashSecret(token)));
  if (!row) return null;
  return {
    orgName: row.orgName,
    role: row.role,
    maskedEmail: maskEmail(row.email),
    expiresAt: row.expiresAt.toISOString(),
    invitedBy: row.invitedBy,
  };
}

export interface AcceptedInvitation {
  organization: OrgSummary;
  role: Role;
}

export async function acceptInvitation(
  db: Db,
  user: SessionUser,
  token: string,
  meta: { clientAddress: string; requestId?: string },
): Promise<AcceptedInvitation> {
  await enforceRateLimit(db, requestPolicy("invitationAcceptPerAddress"), meta.clientAddress);
  if (!INVITATION_TOKEN_SHAPE.test(token)) throw invalidInvitation();
  const hash = hashSecret(token);
  return db.transaction(async (tx) => {
    // Locks the row: of two accepts at once, the second waits and then finds it used.
    const [row] = await tx
      .select({
        id: invitations.id,
        tokenHash: invitations.tokenHash,
        email: invitations.email,
        role: invitations.role,
        org: { id: organizations.id, name: organizations.name, personal: organizations.personal },
      })
      .from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.orgId))
      .where(pending(hash))
      .for("update", { of: invitations });
    if (!row || !safeEqual(row.tokenHash, hash)) throw invalidInvitation();
    if (row.email !== user.email.toLowerCase()) {
      throw new AppError(
        "FORBIDDEN",
        `This invitation was sent to ${maskEmail(row.email)}, and you are signed in as ${user.email}. Sign in with the invited address to accept it.`,
      );
    }
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, row.org.id), eq(memberships.userId, user.id)));
    if (member) {
      throw new AppError("CONFLICT", `You are already a member of ${row.org.name} (as ${member.role}).`);
    }
    const used = await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()`, acceptedByUserId: user.id })
      .where(and(eq(invitations.id, row.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (used.length !== 1) throw invalidInvitation();
    await tx.insert(memberships).values({ orgId: row.org.id, userId: user.id, role: row.role });
    await recordAudit(tx, {
      orgId: row.org.id,
      actor: { userId: user.id },
      action: "member.join",
      targetType: "user",
      targetId: user.id,
      requestId: meta.requestId,
      details: { email: user.email, role: row.role, invitationId: row.id },
    });
    return { organization: row.org, role: row.role };
  });
}
