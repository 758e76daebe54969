/**
 * Members and roles of the current organization. Owners change roles and remove members; anyone
 * may leave. An organization never loses its last owner (409): someone must be able to manage it.
 */
import { and, asc, count, eq, sql } from "drizzle-orm";
import { memberships, organizations, users } from "@/db/schema";
import type { Db } from "@/db/types";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "./audit";
import { assertCan, type Role } from "./roles";
import type { ActingAs } from "./types";

export interface MemberView {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: string;
}

export async function listMembers(db: Db, actor: ActingAs): Promise<MemberView[]> {
  assertCan(actor, "members:read");
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, actor.orgId))
    .orderBy(asc(memberships.createdAt), asc(users.email));
  return rows.map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() }));
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Locks the organization's member list for this transaction and returns the target's membership. */
async function lockedMembership(tx: Tx, orgId: string, userId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`org-members:${orgId}`}))`);
  // Someone who is not a member is a 404 first, in Clerk organizations too: another organization's
  // member must look the same everywhere.
  const [member] = await tx
    .select({ role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  if (!member) throw notFound("Member");
  const [org] = await tx
    .select({ clerkOrgId: organizations.clerkOrgId })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (org?.clerkOrgId) {
    throw new AppError("CONFLICT", "Members of a Clerk organization are managed in Clerk, not here.");
  }
  return member;
}

async function ownerCount(tx: Tx, orgId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  return Number(row?.n ?? 0);
}

export async function changeMemberRole(
  db: Db,
  actor: ActingAs,
  userId: string,
  role: Role,
  meta: { requestId?: string } = {},
): Promise<MemberView> {
  assertCan(actor, "members:write");
  await db.transaction(async (tx) => {
    const member = await lockedMembership(tx, actor.orgId, userId);
    if (member.role === role) return;
    if (member.role === "owner" && (await ownerCount(tx, actor.orgId)) === 1) {
      throw new AppError(
        "CONFLICT",
        "This is the organization's only owner. Make another member an owner first, then change this role.",
      );
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, userId)));
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "member.role_change",
      targetType: "user",
      targetId: userId,
      requestId: meta.requestId,
      details: { email: member.email, from: member.role, to: role },
    });
  });
  const member = (await listMembers(db, actor)).find((m) => m.userId === userId);
  if (!member) throw notFound("Member");
  return member;
}

/** An owner removes a member, or a member removes themselves (leaves). */
export async function removeMember(
  db: Db,
  actor: ActingAs,
  userId: string,
  meta: { requestId?: string } = {},
): Promise<{ userId: string; removed: true; left: boolean }> {
  const leaving = actor.userId === userId;
  if (!leaving) assertCan(actor, "members:write");
  await db.transaction(async (tx) => {
    const member = await lockedMembership(tx, actor.orgId, userId);
    if (member.role === "owner" && (await ownerCount(tx, actor.orgId)) === 1) {
      throw new AppError(
        "CONFLICT",
        leaving
          ? "You are this organization's only owner, so you cannot leave it. Make another member an owner first."
          : "This is the organization's only owner. Make another member an owner first.",
      );
    }
    await tx.delete(memberships).where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, userId)));
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: leaving ? "member.leave" : "member.remove",
      targetType: "user",
      targetId: userId,
      requestId: meta.requestId,
      details: { email: member.email, role: member.role },
    });
  });
  return { userId, removed: true, left: leaving };
}
