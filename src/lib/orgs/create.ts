import { and, eq, sql } from "drizzle-orm";
import { memberships, organizations } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit } from "./audit";
import type { OrgSummary } from "./types";

interface NewOrgUser {
  id: string;
  email: string;
  name?: string | null;
}

/** A personal organization is named after its owner, so the switcher tells them apart. */
export function personalOrgName(user: NewOrgUser): string {
  return user.name?.trim() || user.email;
}

async function insertOrgWithOwner(db: Db, userId: string, values: { name: string; personal: boolean }) {
  const [org] = await db
    .insert(organizations)
    .values(values)
    .returning({ id: organizations.id, name: organizations.name, personal: organizations.personal });
  await db.insert(memberships).values({ orgId: org!.id, userId, role: "owner" });
  return org!;
}

/**
 * The user's personal organization, created (with the user as owner) if they have none. Two first
 * requests at once must not create two, hence the lock and the second look.
 */
export async function ensurePersonalOrganization(db: Db, user: NewOrgUser): Promise<OrgSummary> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`personal-org:${user.id}`}))`);
    const [existing] = await tx
      .select({ id: organizations.id, name: organizations.name, personal: organizations.personal })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(and(eq(memberships.userId, user.id), eq(organizations.personal, true)))
      .limit(1);
    if (existing) return existing;
    const org = await insertOrgWithOwner(tx, user.id, {
      name: personalOrgName(user),
      personal: true,
    });
    await recordAudit(tx, {
      orgId: org.id,
      actor: { userId: user.id },
      action: "org.create",
      targetType: "organization",
      targetId: org.id,
      details: { name: org.name, personal: true },
    });
    return org;
  });
}

/** A team organization; its creator is its first owner. */
export async function createOrganization(
  db: Db,
  actor: { userId: string | null },
  input: { name: string },
  meta: { requestId?: string } = {},
): Promise<OrgSummary & { role: "owner" }> {
  if (!actor.userId) throw new Error("Only a signed-in user can create an organization.");
  const userId = actor.userId;
  return db.transaction(async (tx) => {
    const org = await insertOrgWithOwner(tx, userId, { name: input.name, personal: false });
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "org.create",
      targetType: "organization",
      targetId: org.id,
      requestId: meta.requestId,
      details: { name: org.name },
    });
    return { ...org, role: "owner" as const };
  });
}
