import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "./accounts";
import { userFromClerk } from "./clerk-user";
import { SESSION_COOKIE, userFromSessionCookie } from "./sessions";

/** Who is signed in, from Clerk when configured, from the local session cookie otherwise. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  const db = await getDb();
  if (getConfig().auth.mode === "clerk") return userFromClerk(db);
  const jar = await cookies();
  return userFromSessionCookie(db, jar.get(SESSION_COOKIE)?.value);
}

export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to use this endpoint.");
  return user;
}

/** For pages: send the visitor to sign-in and bring them back afterwards. */
export async function requireUserOrRedirect(returnTo: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}
