/** Organizations named by operators (CLIs): by id, by name, or a user's personal one. */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { memberships, organizations } from "@/db/schema";
import type { Db } from "@/db/types";
import { findUserByEmailOrId } from "@/lib/auth/accounts";
import { AppError } from "@/lib/errors";
import type { OrgSummary } from "./types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const summary = { id: organizations.id, name: organizations.name, personal: organizations.personal };

/** By id, or by exact name (case-insensitive). null when none; CONFLICT when a name is ambiguous. */
export async function findOrganization(db: Db, nameOrId: string): Promise<OrgSummary | null> {
  const value = nameOrId.trim();
  if (UUID.test(value)) {
    const [row] = await db.select(summary).from(organizations).where(eq(organizations.id, value.toLowerCase()));
    if (row) return row;
  }
  const rows = await db
    .select(summary)
    .from(organizations)
    .where(sql`lower(${organizations.name}) = lower(${value})`)
    .limit(2);
  if (rows.length > 1) {
    throw new AppError("CONFLICT", `Several organizations are named "${value}"; give the organization's id instead.`);
  }
  return rows[0] ?? null;
}

/** The personal organization of the user with this email or id, or null. */
export async function findPersonalOrganization(db: Db, emailOrId: string): Promise<OrgSummary | null> {
  const user = await findUserByEmailOrId(db, emailOrId);
  if (!user) return null;
  const [row] = await db
    .select(summary)
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, user.id), eq(organizations.personal, true)))
    .limit(1);
  return row ?? null;
}

/** Names for a list of organization ids, in the same order (an unknown id names itself). */
export async function organizationsByIds(db: Db, ids: string[]): Promise<OrgSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(summary)
    .from(organizations)
    .where(inArray(organizations.id, ids))
    .orderBy(asc(organizations.id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? { id, name: id, personal: false });
}
