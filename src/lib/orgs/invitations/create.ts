/**
 * Admins (and owners) invite people by email with a role; only an owner may invite an owner.
 * The link is returned once (and mailed when SMTP is configured); the row keeps the token's hash.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { invitations, memberships, organizations, users } from "@/db/schema";
import type { Db } from "@/db/types";
import { hashSecret, newSecret } from "@/lib/crypto/secret-token";
import { AppError, notFound } from "@/lib/errors";
import { enforceRateLimit } from "@/lib/rate-limit/request-limiter";
import { requestPolicy } from "@/lib/rate-limit/request-policies";
import { recordAudit } from "../audit";
import { assertCan } from "../roles";
import type { ActingAs } from "../types";
import { INVITATION_TTL_DAYS, invitationUrl } from "./link";
import { sendInvitationMail } from "./mail";
import type { CreateInvitationInput } from "./schemas";

export interface CreatedInvitation {
  id: string;
  email: string;
  role: CreateInvitationInput["role"];
  expiresAt: string;
  /** The single-use link: in this response and the invitation mail, nowhere else. */
  url: string;
  /** true when the link was also sent by mail (SMTP configured and the server took it). */
  emailSent: boolean;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function assertInvitable(tx: Tx, orgId: string, email: string) {
  const [member] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(users.email, email)));
  if (member) throw new AppError("CONFLICT", `${email} is already a member of this organization.`);
  const [pending] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  if (pending) {
    throw new AppError("CONFLICT", `${email} already has a pending invitation. Revoke it first to send a new link.`);
  }
}

export async function createInvitation(
  db: Db,
  actor: ActingAs,
  input: CreateInvitationInput,
  meta: { requestId?: string } = {},
): Promise<CreatedInvitation> {
  assertCan(actor, "invitations:write");
  if (input.role === "owner" && actor.role !== "owner") {
    throw new AppError("FORBIDDEN", "Only an owner can invite an owner; you are an admin.", {
      details: { role: actor.role },
    });
  }
  const [org] = await db
    .select({ name: organizations.name, clerkOrgId: organizations.clerkOrgId })
    .from(organizations)
    .where(eq(organizations.id, actor.orgId));
  if (!org) throw notFound("Organization");
  if (org.clerkOrgId) {
    throw new AppError(
      "CONFLICT",
      "This organization is managed in Clerk: invite people with Clerk's organization invitations.",
    );
  }
  await enforceRateLimit(db, requestPolicy("invitationCreatePerOrg"), actor.orgId);

  const token = newSecret();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
  const row = await db.transaction(async (tx) => {
    // One pending invitation per address: two admins inviting at once must not both pass the check.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`org-invitations:${actor.orgId}`}))`);
    await assertInvitable(tx, actor.orgId, input.email);
    const [created] = await tx
      .insert(invitations)
      .values({
        orgId: actor.orgId,
        email: input.email,
        role: input.role,
        tokenHash: hashSecret(token),
        invitedByUserId: actor.userId,
        expiresAt,
      })
      .returning({ id: invitations.id });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "member.invite",
      targetType: "invitation",
      targetId: created!.id,
      requestId: meta.requestId,
      details: { email: input.email, role: input.role, expiresAt: expiresAt.toISOString() },
    });
    return created!;
  });

  const url = invitationUrl(token);
  const emailSent = await sendInvitationMail({
    to: input.email,
    orgName: org.name,
    role: input.role,
    url,
    expiresAt,
    invitationId: row.id,
  });
  return { id: row.id, email: input.email, role: input.role, expiresAt: expiresAt.toISOString(), url, emailSent };
}
