import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { invitations, users } from "@/db/schema";
import type { Db } from "@/db/types";
import { assertCan } from "../roles";
import type { ActingAs } from "../types";
import type { InvitationView } from "./view";

/** Pending invitations (not accepted, revoked or expired), the soonest to expire first. */
export async function listPendingInvitations(db: Db, actor: ActingAs): Promise<InvitationView[]> {
  assertCan(actor, "invitations:write");
  const rows = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedBy: users.email,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(
      and(
        eq(invitations.orgId, actor.orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(asc(invitations.expiresAt), asc(invitations.id));
  return rows.map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString(), createdAt: r.createdAt.toISOString() }));
}
