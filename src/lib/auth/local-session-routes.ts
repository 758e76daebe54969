import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordSignIn } from "@/lib/orgs/audit";
import { authenticateLocalAccount, createLocalAccount, type SessionUser } from "./accounts";
import type { Credentials } from "./schemas";
import { createSession, deleteSession, SESSION_COOKIE, sessionCookieOptions } from "./sessions";

function assertLocalMode() {
  if (getConfig().auth.mode !== "local") {
    throw new AppError("NOT_FOUND", "Local accounts are disabled: this deployment signs in with Clerk.");
  }
}

async function startSession(user: SessionUser) {
  const { cookieValue, expiresAt } = await createSession(await getDb(), user.id);
  (await cookies()).set(SESSION_COOKIE, cookieValue, sessionCookieOptions(expiresAt));
  return { user };
}

export async function signUp(input: Credentials) {
  assertLocalMode();
  return startSession(await createLocalAccount(await getDb(), input));
}

export async function signIn(input: { email: string; password: string }, meta: { requestId?: string } = {}) {
  assertLocalMode();
  const db = await getDb();
  const user = await authenticateLocalAccount(db, input);
  await recordSignIn(db, user.id, { requestId: meta.requestId });
  return startSession(user);
}

export async function signOut() {
  const jar = await cookies();
  await deleteSession(await getDb(), jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
  return { signedOut: true };
}
