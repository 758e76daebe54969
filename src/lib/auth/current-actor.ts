/**
 * The request-level entry to actors: finds the signed-in user (Clerk or the local session
 * cookie) and the organization they act in, for route handlers, server actions and pages alike.
 */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ORG_HEADER, resolveSessionActor } from "@/lib/orgs/actor";
import { resolveClerkActor } from "@/lib/orgs/clerk";
import { assertCan, type Permission } from "@/lib/orgs/roles";
import { bearerToken } from "@/lib/orgs/token-actor";
import type { Actor } from "@/lib/orgs/types";
import { clerkSession, clerkSessionFromRequest } from "./clerk-user";
import { SESSION_COOKIE, sessionFromCookie } from "./sessions";

export interface ActorRequest {
  /** The `X-CogniTrack-Org` header; undefined = read it from the current request. */
  requestedOrgId?: string | null;
  /**
   * The API request itself: the proxy does not run for /api, so in Clerk mode the route
   * authenticates the request the way clerkMiddleware would.
   */
  req?: Request;
}

async function requestedOrg(opts: ActorRequest): Promise<string | null> {
  if (opts.requestedOrgId !== undefined) return opts.requestedOrgId;
  try {
    return (await headers()).get(ORG_HEADER);
  } catch {
    return null;
  }
}

/** The caller, or null when nobody is signed in. A requested organization they are not in is a 404. */
export async function getCurrentActor(opts: ActorRequest = {}): Promise<Actor | null> {
  const db = await getDb();
  const requestedOrgId = (await requestedOrg(opts))?.trim() || null;
  if (getConfig().auth.mode === "clerk") {
    const session = opts.req ? await clerkSessionFromRequest(db, opts.req) : await clerkSession(db);
    return session ? resolveClerkActor(db, session.user, session.claims, requestedOrgId) : null;
  }
  const session = await sessionFromCookie(db, (await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) return null;
  return resolveSessionActor(db, session.user, { requestedOrgId, sessionOrgId: session.currentOrgId });
}

/**
 * An API token where tokens are not accepted is refused, not ignored: a script must not end up
 * acting through a browser cookie it happens to carry. Token routes resolve tokens before this.
 */
async function refuseApiToken() {
  let authorization: string | null = null;
  try {
    authorization = (await headers()).get("authorization");
  } catch {
    return;
  }
  if (bearerToken(authorization)) {
    throw new AppError(
      "UNAUTHENTICATED",
      "API tokens work only on GET /api/usage, GET /api/usage/export, POST /api/usage and GET /api/reconciliation.",
    );
  }
}

/** For API routes and server actions: 401 when signed out, 403 naming the role when not allowed. */
export async function requireActor(permission?: Permission, opts: ActorRequest = {}): Promise<Actor> {
  await refuseApiToken();
  const actor = await getCurrentActor(opts);
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to use this endpoint.");
  if (permission) assertCan(actor, permission);
  return actor;
}

/** For pages: signed-out visitors go to sign-in and come back afterwards. */
export async function requireActorOrRedirect(returnTo: string): Promise<Actor> {
  const actor = await getCurrentActor().catch((e: unknown) => {
    // A stale organization header cannot come from a page load; fall back to the default one.
    if (e instanceof AppError && e.code === "NOT_FOUND") return getCurrentActor({ requestedOrgId: null });
    throw e;
  });
  if (!actor) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return actor;
}
