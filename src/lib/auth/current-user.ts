import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { safeNextPath } from "@/lib/http/safe-next-path";
import type { SessionUser } from "./accounts";
import { userFromClerk, userFromClerkRequest } from "./clerk-user";
import { SESSION_COOKIE, userFromSessionCookie } from "./sessions";

/** Who is signed in, from Clerk when configured, from the local session cookie otherwise. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  const db = await getDb();
  if (getConfig().auth.mode === "clerk") return userFromClerk(db);
  const jar = await cookies();
  return userFromSessionCookie(db, jar.get(SESSION_COOKIE)?.value);
}

const unauthenticated = () => new AppError("UNAUTHENTICATED", "Sign in to use this endpoint.");

/** Server actions (they pass through the proxy, so Clerk's middleware has run). */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw unauthenticated();
  return user;
}

/** API routes, which the proxy does not cover: the user is read from the request itself. */
export async function requireRequestUser(req: Request): Promise<SessionUser> {
  const db = await getDb();
  const user =
    getConfig().auth.mode === "clerk"
      ? await userFromClerkRequest(db, req)
      : await userFromSessionCookie(db, (await cookies()).get(SESSION_COOKIE)?.value);
  if (!user) throw unauthenticated();
  return user;
}

/** For pages: send the visitor to sign-in and bring them back afterwards (to our own paths only). */
export async function requireUserOrRedirect(returnTo: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(safeNextPath(returnTo, getConfig().appUrl))}`);
  return user;
}
