import { and, eq, gt, isNull } from "drizzle-orm";
import { invitations } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";
import { recordAudit } from "../audit";
import { assertCan } from "../roles";
import type { ActingAs } from "../types";

/** Only a pending invitation of the caller's organization can be revoked; anything else is a 404. */
export async function revokeInvitation(
  db: Db,
  actor: ActingAs,
  id: string,
  meta: { requestId?: string } = {},
): Promise<{ id: string; revoked: true }> {
  assertCan(actor, "invitations:write");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, id),
          eq(invitations.orgId, actor.orgId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
    if (!row) throw notFound("Invitation");
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: row.id,
      requestId: meta.requestId,
      details: { email: row.email, role: row.role },
    });
    return { id: row.id, revoked: true as const };
  });
}
