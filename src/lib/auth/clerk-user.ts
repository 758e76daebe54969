import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Db } from "@/db/types";
import type { ClerkOrgClaims } from "@/lib/orgs/clerk";
import type { SessionUser } from "./accounts";

/** Maps the signed-in Clerk user to our users row, creating it on first sight. */
async function userRowFor(clerkUserId: string, db: Db): Promise<SessionUser | null> {
  const { currentUser } = await import("@clerk/nextjs/server");
  const [existing] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.clerkUserId, clerkUserId));
  if (existing) return existing;
  const profile = await currentUser();
  const email = profile?.primaryEmailAddress?.emailAddress ?? `${clerkUserId}@users.clerk`;
  const [row] = await db
    .insert(users)
    .values({ email: email.toLowerCase(), clerkUserId, name: profile?.fullName ?? null })
    .onConflictDoUpdate({ target: users.email, set: { clerkUserId } })
    .returning({ id: users.id, email: users.email, name: users.name });
  return row ?? null;
}

/** The Clerk session: our user row plus the active organization claims (`o.id`, `o.rol`, `o.slg`). */
export async function clerkSession(db: Db): Promise<{ user: SessionUser; claims: ClerkOrgClaims } | null> {
  const { auth } = await import("@clerk/nextjs/server");
  const { userId, orgId, orgRole, orgSlug } = await auth();
  if (!userId) return null;
  const user = await userRowFor(userId, db);
  return user ? { user, claims: { orgId, orgRole, orgSlug } } : null;
}

export async function userFromClerk(db: Db): Promise<SessionUser | null> {
  return (await clerkSession(db))?.user ?? null;
}
