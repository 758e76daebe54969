import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Db } from "@/db/types";
import { getConfig } from "@/lib/env";
import type { SessionUser } from "./accounts";

interface ClerkProfile {
  email: string | null;
  name: string | null;
}

/** Maps a Clerk user id to our users row, creating it (from the profile) on first sight. */
async function linkClerkUser(
  db: Db,
  userId: string,
  profile: () => Promise<ClerkProfile>,
): Promise<SessionUser | null> {
  const [existing] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.clerkUserId, userId));
  if (existing) return existing;
  const { email, name } = await profile();
  const [row] = await db
    .insert(users)
    .values({ email: (email ?? `${userId}@users.clerk`).toLowerCase(), clerkUserId: userId, name })
    .onConflictDoUpdate({ target: users.email, set: { clerkUserId: userId } })
    .returning({ id: users.id, email: users.email, name: users.name });
  return row ?? null;
}

/** Pages and server actions: clerkMiddleware (src/proxy.ts) has authenticated the request. */
export async function userFromClerk(db: Db): Promise<SessionUser | null> {
  const { auth, currentUser } = await import("@clerk/nextjs/server");
  const { userId } = await auth();
  if (!userId) return null;
  return linkClerkUser(db, userId, async () => {
    const user = await currentUser();
    return { email: user?.primaryEmailAddress?.emailAddress ?? null, name: user?.fullName ?? null };
  });
}

/**
 * API routes: the proxy does not run for /api (it would read every request body in full before the
 * route sees it), so the route authenticates the request itself, the way clerkMiddleware does.
 */
export async function userFromClerkRequest(db: Db, req: Request): Promise<SessionUser | null> {
  const auth = getConfig().auth;
  if (auth.mode !== "clerk") return null;
  const { createClerkClient } = await import("@clerk/nextjs/server");
  const clerk = createClerkClient({ secretKey: auth.secretKey, publishableKey: auth.publishableKey });
  const state = await clerk.authenticateRequest(req, { acceptsToken: "session_token" });
  if (!state.isAuthenticated) return null;
  const { userId } = state.toAuth();
  if (!userId) return null;
  return linkClerkUser(db, userId, async () => {
    const user = await clerk.users.getUser(userId);
    return { email: user.primaryEmailAddress?.emailAddress ?? null, name: user.fullName ?? null };
  });
}
