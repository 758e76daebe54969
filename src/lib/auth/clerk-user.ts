import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import type { Db } from "@/db/types";
import { AppError } from "@/lib/errors";
import type { ClerkOrgClaims } from "@/lib/orgs/clerk";
import type { SessionUser } from "./accounts";

interface Profile {
  email: string;
  name: string | null;
}

const emailClaim = z.email();

/**
 * Who a Clerk user is, the first time we see them. When the Clerk instance puts the email in the
 * session token (Dashboard -> Sessions -> Customize session token:
 * `{"email": "{{user.primary_email_address}}", "name": "{{user.full_name}}"}`), that is used and
 * Clerk is not called; otherwise one Backend API call reads the profile.
 */
async function profileOf(clerkUserId: string, claims: Record<string, unknown>): Promise<Profile> {
  const email = emailClaim.safeParse(claims.email);
  if (email.success) return { email: email.data, name: typeof claims.name === "string" ? claims.name : null };
  const { currentUser } = await import("@clerk/nextjs/server");
  try {
    const profile = await currentUser();
    return {
      email: profile?.primaryEmailAddress?.emailAddress ?? `${clerkUserId}@users.clerk`,
      name: profile?.fullName ?? null,
    };
  } catch (e) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "Clerk could not be reached to read this new user's profile. Try again in a minute.",
      { cause: e },
    );
  }
}

/** Maps the signed-in Clerk user to our users row, creating it on first sight. */
async function userRowFor(db: Db, clerkUserId: string, claims: Record<string, unknown>): Promise<SessionUser | null> {
  const [existing] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.clerkUserId, clerkUserId));
  if (existing) return existing;
  const profile = await profileOf(clerkUserId, claims);
  const [row] = await db
    .insert(users)
    .values({ email: profile.email.toLowerCase(), clerkUserId, name: profile.name })
    .onConflictDoUpdate({ target: users.email, set: { clerkUserId } })
    .returning({ id: users.id, email: users.email, name: users.name });
  return row ?? null;
}

/** The Clerk session: our user row plus the active organization claims (`o.id`, `o.rol`, `o.slg`). */
export async function clerkSession(db: Db): Promise<{ user: SessionUser; claims: ClerkOrgClaims } | null> {
  const { auth } = await import("@clerk/nextjs/server");
  const { userId, orgId, orgRole, orgSlug, sessionClaims } = await auth();
  if (!userId) return null;
  const user = await userRowFor(db, userId, (sessionClaims ?? {}) as Record<string, unknown>);
  return user ? { user, claims: { orgId, orgRole, orgSlug } } : null;
}

export async function userFromClerk(db: Db): Promise<SessionUser | null> {
  return (await clerkSession(db))?.user ?? null;
}
