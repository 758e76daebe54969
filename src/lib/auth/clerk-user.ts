import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import type { Db } from "@/db/types";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ClerkOrgClaims } from "@/lib/orgs/clerk";
import type { SessionUser } from "./accounts";

interface Profile {
  email: string;
  name: string | null;
}

export interface ClerkSession {
  user: SessionUser;
  /** The active organization claims of the session token (`o.id`, `o.rol`, `o.slg`). */
  claims: ClerkOrgClaims;
}

const emailClaim = z.email();

/**
 * Who a Clerk user is, the first time we see them. When the Clerk instance puts the email in the
 * session token (Dashboard -> Sessions -> Customize session token:
 * `{"email": "{{user.primary_email_address}}", "name": "{{user.full_name}}"}`), that is used and
 * Clerk is not called; otherwise one Backend API call reads the profile.
 */
async function profileOf(
  clerkUserId: string,
  claims: Record<string, unknown>,
  fetchProfile: () => Promise<{ email: string | null; name: string | null }>,
): Promise<Profile> {
  const email = emailClaim.safeParse(claims.email);
  if (email.success) return { email: email.data, name: typeof claims.name === "string" ? claims.name : null };
  try {
    const profile = await fetchProfile();
    return { email: profile.email ?? `${clerkUserId}@users.clerk`, name: profile.name };
  } catch (e) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "Clerk could not be reached to read this new user's profile. Try again in a minute.",
      { cause: e },
    );
  }
}

/** Maps the signed-in Clerk user to our users row, creating it on first sight. */
async function userRowFor(db: Db, clerkUserId: string, profile: () => Promise<Profile>): Promise<SessionUser | null> {
  const [existing] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.clerkUserId, clerkUserId));
  if (existing) return existing;
  const { email, name } = await profile();
  const [row] = await db
    .insert(users)
    .values({ email: email.toLowerCase(), clerkUserId, name })
    .onConflictDoUpdate({ target: users.email, set: { clerkUserId } })
    .returning({ id: users.id, email: users.email, name: users.name });
  return row ?? null;
}

/** Pages and server actions: clerkMiddleware (src/proxy.ts) has authenticated the request. */
export async function clerkSession(db: Db): Promise<ClerkSession | null> {
  const { auth, currentUser } = await import("@clerk/nextjs/server");
  const { userId, orgId, orgRole, orgSlug, sessionClaims } = await auth();
  if (!userId) return null;
  const claims = (sessionClaims ?? {}) as Record<string, unknown>;
  const user = await userRowFor(db, userId, () =>
    profileOf(userId, claims, async () => {
      const profile = await currentUser();
      return { email: profile?.primaryEmailAddress?.emailAddress ?? null, name: profile?.fullName ?? null };
    }),
  );
  return user ? { user, claims: { orgId, orgRole, orgSlug } } : null;
}

/**
 * API routes: the proxy does not run for /api (it would read every request body in full before the
 * route sees it), so the route authenticates the request itself, the way clerkMiddleware does
 * (networkless when CLERK_JWT_KEY is set).
 */
export async function clerkSessionFromRequest(db: Db, req: Request): Promise<ClerkSession | null> {
  const auth = getConfig().auth;
  if (auth.mode !== "clerk") return null;
  const { createClerkClient } = await import("@clerk/nextjs/server");
  const clerk = createClerkClient({
    secretKey: auth.secretKey,
    publishableKey: auth.publishableKey,
    ...(auth.jwtKey ? { jwtKey: auth.jwtKey } : {}),
  });
  const state = await clerk.authenticateRequest(req, {
    acceptsToken: "session_token",
    ...(auth.jwtKey ? { jwtKey: auth.jwtKey } : {}),
  });
  if (!state.isAuthenticated) return null;
  const { userId, orgId, orgRole, orgSlug, sessionClaims } = state.toAuth();
  if (!userId) return null;
  const claims = (sessionClaims ?? {}) as Record<string, unknown>;
  const user = await userRowFor(db, userId, () =>
    profileOf(userId, claims, async () => {
      const profile = await clerk.users.getUser(userId);
      return { email: profile.primaryEmailAddress?.emailAddress ?? null, name: profile.fullName ?? null };
    }),
  );
  return user ? { user, claims: { orgId, orgRole, orgSlug } } : null;
}

export async function userFromClerk(db: Db): Promise<SessionUser | null> {
  return (await clerkSession(db))?.user ?? null;
}

export async function userFromClerkRequest(db: Db, req: Request): Promise<SessionUser | null> {
  return (await clerkSessionFromRequest(db, req))?.user ?? null;
}
