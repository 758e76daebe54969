import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Db } from "@/db/types";
import { getConfig } from "@/lib/env";
import type { ClerkOrgClaims } from "@/lib/orgs/clerk";
import type { SessionUser } from "./accounts";

interface ClerkProfile {
  email: string | null;
  name: string | null;
}

export interface ClerkSession {
  user: SessionUser;
  /** The active organization claims of the session token (`o.id`, `o.rol`, `o.slg`). */
  claims: ClerkOrgClaims;
}

/** Maps a Clerk user id to our users row, creating it (from the profile) on first sight. */
async function linkClerkUser(
  db: Db,
  clerkUserId: string,
  profile: () => Promise<ClerkProfile>,
): Promise<SessionUser | null> {
  const [existing] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.clerkUserId, clerkUserId));
  if (existing) return existing;
  const { email, name } = await profile();
  const [row] = await db
    .insert(users)
    .values({ email: (email ?? `${clerkUserId}@users.clerk`).toLowerCase(), clerkUserId, name })
    .onConflictDoUpdate({ target: users.email, set: { clerkUserId } })
    .returning({ id: users.id, email: users.email, name: users.name });
  return row ?? null;
}

/** Pages and server actions: clerkMiddleware (src/proxy.ts) has authenticated the request. */
export async function clerkSession(db: Db): Promise<ClerkSession | null> {
  const { auth, currentUser } = await import("@clerk/nextjs/server");
  const { userId, orgId, orgRole, orgSlug } = await auth();
  if (!userId) return null;
  const user = await linkClerkUser(db, userId, async () => {
    const profile = await currentUser();
    return { email: profile?.primaryEmailAddress?.emailAddress ?? null, name: profile?.fullName ?? null };
  });
  return user ? { user, claims: { orgId, orgRole, orgSlug } } : null;
}

/**
 * API routes: the proxy does not run for /api (it would read every request body in full before the
 * route sees it), so the route authenticates the request itself, the way clerkMiddleware does.
 */
export async function clerkSessionFromRequest(db: Db, req: Request): Promise<ClerkSession | null> {
  const auth = getConfig().auth;
  if (auth.mode !== "clerk") return null;
  const { createClerkClient } = await import("@clerk/nextjs/server");
  const clerk = createClerkClient({ secretKey: auth.secretKey, publishableKey: auth.publishableKey });
  const state = await clerk.authenticateRequest(req, { acceptsToken: "session_token" });
  if (!state.isAuthenticated) return null;
  const { userId, orgId, orgRole, orgSlug } = state.toAuth();
  if (!userId) return null;
  const user = await linkClerkUser(db, userId, async () => {
    const profile = await clerk.users.getUser(userId);
    return { email: profile.primaryEmailAddress?.emailAddress ?? null, name: profile.fullName ?? null };
  });
  return user ? { user, claims: { orgId, orgRole, orgSlug } } : null;
}

export async function userFromClerk(db: Db): Promise<SessionUser | null> {
  return (await clerkSession(db))?.user ?? null;
}

export async function userFromClerkRequest(db: Db, req: Request): Promise<SessionUser | null> {
  return (await clerkSessionFromRequest(db, req))?.user ?? null;
}
