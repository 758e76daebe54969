import { cookies, headers } from "next/headers";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordSignIn } from "@/lib/orgs/audit";
import { clientAddressOf } from "@/lib/rate-limit/client-address";
import { enforceRateLimit, refundRateLimitHit } from "@/lib/rate-limit/request-limiter";
import { requestPolicy } from "@/lib/rate-limit/request-policies";
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
  const db = await getDb();
  await enforceRateLimit(db, requestPolicy("signUpPerAddress"), clientAddressOf(await headers()));
  return startSession(await createLocalAccount(db, input));
}

/**
 * Every attempt counts against the client's address; against the email, only failures do: the hit
 * is taken before the password is checked (so parallel guesses cannot slip past the limit) and
 * given back on success. Unknown emails are counted the same way, so a 429 says nothing about
 * whether an account exists, and while an email is limited even its right password is refused.
 */
export async function signIn(input: { email: string; password: string }, meta: { requestId?: string } = {}) {
  assertLocalMode();
  const db = await getDb();
  await enforceRateLimit(db, requestPolicy("signInPerAddress"), clientAddressOf(await headers()));
  const accountHit = await enforceRateLimit(db, requestPolicy("signInPerAccount"), input.email);
  const user = await authenticateLocalAccount(db, input);
  await refundRateLimitHit(db, accountHit);
  await recordSignIn(db, user.id, { requestId: meta.requestId });
  return startSession(user);
}

export async function signOut() {
  const jar = await cookies();
  await deleteSession(await getDb(), jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
  return { signedOut: true };
}
