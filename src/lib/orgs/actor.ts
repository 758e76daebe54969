/**
 * Who is acting, in which organization, with which role. The request layer
 * (src/lib/auth/current-actor.ts) finds the user; this module picks the organization:
 *   local session: the `X-CogniTrack-Org` header if given (must be a member, else 404), else the
 *   session's current organization, else the personal one, else the first membership;
 *   Clerk: the active Clerk organization (mirrored on first sight, role mapped), else as above
 *   among organizations that are not Clerk's (Clerk decides membership of its own).
 * A user without any organization gets a personal one, so every actor has an organization.
 */
import { asc, desc, eq } from "drizzle-orm";
import { memberships, organizations } from "@/db/schema";
import type { Db } from "@/db/types";
import type { SessionUser } from "@/lib/auth/accounts";
import { notFound } from "@/lib/errors";
import { ensurePersonalOrganization } from "./create";
import type { Role } from "./roles";
import type { Actor, ActorVia } from "./types";

export const ORG_HEADER = "x-cognitrack-org";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface MembershipRow {
  org: { id: string; name: string; personal: boolean; clerkOrgId: string | null };
  role: Role;
}

/** The user's organizations: personal first, then oldest membership first. */
export async function membershipsOf(db: Db, userId: string): Promise<MembershipRow[]> {
  const rows = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      personal: organizations.personal,
      clerkOrgId: organizations.clerkOrgId,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(desc(organizations.personal), asc(memberships.createdAt), asc(organizations.id));
  return rows.map(({ role, ...org }) => ({ org, role }));
}

/** The membership of `orgId`, or a 404 that does not say whether the organization exists. */
export function pickRequestedOrg(rows: MembershipRow[], orgId: string): MembershipRow {
  const row = UUID.test(orgId) ? rows.find((r) => r.org.id === orgId.toLowerCase()) : undefined;
  if (!row) throw notFound("Organization");
  return row;
}

function toActor(user: SessionUser, row: MembershipRow, via: ActorVia): Actor {
  const { clerkOrgId: _clerk, ...org } = row.org;
  return { user, userId: user.id, orgId: org.id, org, role: row.role, via };
}

async function defaultMembership(db: Db, user: SessionUser, rows: MembershipRow[]): Promise<MembershipRow> {
  const first = rows.find((r) => r.org.personal) ?? rows[0];
  if (first) return first;
  const org = await ensurePersonalOrganization(db, user);
  return { org: { ...org, clerkOrgId: null }, role: "owner" };
}

export async function resolveSessionActor(
  db: Db,
  user: SessionUser,
  opts: { requestedOrgId?: string | null; sessionOrgId?: string | null; via?: ActorVia } = {},
): Promise<Actor> {
  const via = opts.via ?? "session";
  const rows = await membershipsOf(db, user.id);
  if (opts.requestedOrgId) return toActor(user, pickRequestedOrg(rows, opts.requestedOrgId), via);
  const current = opts.sessionOrgId ? rows.find((r) => r.org.id === opts.sessionOrgId) : undefined;
  return toActor(user, current ?? (await defaultMembership(db, user, rows)), via);
}
