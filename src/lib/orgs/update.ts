import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import type { Db } from "@/db/types";
import { AppError, notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { recordAudit } from "./audit";
import { assertCan } from "./roles";
import type { ActingAs, OrgSummary } from "./types";

/** Owners rename their organization (a personal one too: it is theirs). */
export async function renameOrganization(
  db: Db,
  actor: ActingAs,
  input: { name: string },
  meta: { requestId?: string } = {},
): Promise<OrgSummary> {
  assertCan(actor, "org:write");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId));
    if (!before) throw notFound("Organization");
    const [org] = await tx
      .update(organizations)
      .set({ name: input.name, updatedAt: new Date() })
      .where(eq(organizations.id, actor.orgId))
      .returning({ id: organizations.id, name: organizations.name, personal: organizations.personal });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "org.rename",
      targetType: "organization",
      targetId: actor.orgId,
      requestId: meta.requestId,
      details: { from: before.name, to: input.name },
    });
    return org!;
  });
}

/**
 * Deletes the organization and everything it owns (accounts, keys, usage, runs, audit log) by
 * foreign-key cascade. Owners only, with the name typed as confirmation; a personal organization
 * is not deleted (every user keeps one).
 */
export async function deleteOrganization(db: Db, actor: ActingAs, input: { confirm: string }) {
  assertCan(actor, "org:delete");
  const [org] = await db.select().from(organizations).where(eq(organizations.id, actor.orgId));
  if (!org) throw notFound("Organization");
  if (org.personal) throw new AppError("CONFLICT", "A personal organization cannot be deleted.");
  if (org.clerkOrgId) throw new AppError("CONFLICT", "This organization is managed in Clerk: delete it there.");
  if (input.confirm.trim() !== org.name.trim()) {
    throw new AppError(
      "VALIDATION_FAILED",
      `To delete this organization and all of its data, type its name exactly: "${org.name}".`,
    );
  }
  await db.delete(organizations).where(eq(organizations.id, org.id));
  // Its audit log goes with it, so the deletion itself is kept in the server log.
  logger.info("organization deleted", { orgId: org.id, name: org.name, byUserId: actor.userId });
  return { id: org.id, deleted: true };
}
