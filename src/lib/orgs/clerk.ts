/**
 * Clerk Organizations mapped onto ours. The active Clerk organization (`auth().orgId`, from the
 * session token's `o.id`) becomes an organizations row on first sight (clerk_org_id), and the
 * member's Clerk role is copied onto the membership on every request, since Clerk decides it:
 *   org:owner, org:creator -> owner;  org:admin -> admin;  org:member and anything else -> viewer.
 * (Clerk's default roles are org:admin and org:member, so an owner exists only when the Clerk
 * instance defines an org:owner role; unknown custom roles get the least privilege.)
 * Without an active Clerk organization the user works in their own organizations, but never in
 * another Clerk one: switching between Clerk organizations is Clerk's organization switcher's job.
 */
import { and, eq, ne } from "drizzle-orm";
import { memberships, organizations } from "@/db/schema";
import type { Db } from "@/db/types";
import type { SessionUser } from "@/lib/auth/accounts";
import { notFound } from "@/lib/errors";
import { membershipsOf, pickRequestedOrg, resolveSessionActor } from "./actor";
import type { Role } from "./roles";
import type { Actor } from "./types";

export interface ClerkOrgClaims {
  orgId?: string | null;
  orgRole?: string | null;
  orgSlug?: string | null;
}

export function roleFromClerk(orgRole: string | null | undefined): Role {
  const name = (orgRole ?? "").replace(/^org:/, "");
  if (name === "owner" || name === "creator") return "owner";
  if (name === "admin") return "admin";
  return "viewer";
}

async function mirrorClerkOrg(db: Db, claims: ClerkOrgClaims & { orgId: string }) {
  await db
    .insert(organizations)
    .values({ name: claims.orgSlug || claims.orgId, clerkOrgId: claims.orgId })
    .onConflictDoNothing({ target: organizations.clerkOrgId });
  const [org] = await db
    .select({ id: organizations.id, name: organizations.name, personal: organizations.personal })
    .from(organizations)
    .where(eq(organizations.clerkOrgId, claims.orgId));
  return org!;
}

export async function resolveClerkActor(
  db: Db,
  user: SessionUser,
  claims: ClerkOrgClaims,
  requestedOrgId?: string | null,
): Promise<Actor> {
  if (!claims.orgId) {
    if (!requestedOrgId) return resolveSessionActor(db, user, { via: "clerk" });
    const row = pickRequestedOrg(await membershipsOf(db, user.id), requestedOrgId);
    if (row.org.clerkOrgId) throw notFound("Organization");
    return resolveSessionActor(db, user, { via: "clerk", requestedOrgId });
  }
  const org = await mirrorClerkOrg(db, { ...claims, orgId: claims.orgId });
  if (requestedOrgId && requestedOrgId.toLowerCase() !== org.id) {
    const row = pickRequestedOrg(await membershipsOf(db, user.id), requestedOrgId);
    if (row.org.clerkOrgId) throw notFound("Organization");
    return resolveSessionActor(db, user, { via: "clerk", requestedOrgId });
  }
  const role = roleFromClerk(claims.orgRole);
  await db
    .insert(memberships)
    .values({ orgId: org.id, userId: user.id, role })
    .onConflictDoUpdate({
      target: [memberships.orgId, memberships.userId],
      set: { role },
      setWhere: and(eq(memberships.orgId, org.id), eq(memberships.userId, user.id), ne(memberships.role, role)),
    });
  return { user, userId: user.id, orgId: org.id, org, role, via: "clerk" };
}
