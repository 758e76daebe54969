/**
 * Local-account sessions. The cookie holds a random token plus an HMAC over it; the database holds
 * only the token's SHA-256, so a leaked table cannot be replayed and sign-out really ends a session.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { sessions, users } from "@/db/schema";
import type { Db } from "@/db/types";
import { safeEqual } from "@/lib/crypto/compare";
import { getConfig } from "@/lib/env";
import type { SessionUser } from "./accounts";
import { formatSessionCookie, parseSessionCookie } from "./session-cookie";

export const SESSION_COOKIE = "ct_session";

const signingKeyFrom = (key: Buffer) => createHash("sha256").update("cognitrack-session-v1").update(key).digest();

/**
 * New sessions are signed with the current ENCRYPTION_KEY; a session signed with a previous key
 * (ENCRYPTION_PREVIOUS_KEYS) stays valid, so rotating the key signs nobody out. Removing the old
 * key from the list is what ends those sessions: on purpose, never as a side effect.
 */
function signingKeys(): Buffer[] {
  const { current, previous } = getConfig().encryption;
  if (!current) throw new Error("ENCRYPTION_KEY is required to sign sessions.");
  return [current, ...previous].map((k) => signingKeyFrom(k.key));
}

const signWith = (key: Buffer, token: string) => createHmac("sha256", key).update(token).digest("base64url");
const sign = (token: string) => signWith(signingKeys()[0]!, token);
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(db: Db, userId: string) {
  const token = randomBytes(32).toString("base64url");
  const ttlMs = getConfig().auth.sessionTtlHours * 3600_000;
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.insert(sessions).values({ tokenHash: hashToken(token), userId, expiresAt });
  // Opportunistic cleanup keeps the table small without a separate job.
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, new Date())));
  return { cookieValue: formatSessionCookie({ token, signature: sign(token) }), expiresAt };
}

/** The token of a well-formed cookie whose signature is ours; null for anything else. */
function verifiedToken(cookieValue: string | undefined): string | null {
  const parts = parseSessionCookie(cookieValue);
  if (!parts) return null;
  const valid = signingKeys().some((key) => safeEqual(signWith(key, parts.token), parts.signature));
  return valid ? parts.token : null;
}

export interface SessionInfo {
  user: SessionUser;
  /** The organization this session last switched to; null = the user's default one. */
  currentOrgId: string | null;
}

export async function sessionFromCookie(db: Db, cookieValue: string | undefined): Promise<SessionInfo | null> {
  const token = verifiedToken(cookieValue);
  if (!token) return null;
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, currentOrgId: sessions.currentOrgId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date())));
  if (!row) return null;
  const { currentOrgId, ...user } = row;
  return { user, currentOrgId };
}

export async function userFromSessionCookie(db: Db, cookieValue: string | undefined): Promise<SessionUser | null> {
  return (await sessionFromCookie(db, cookieValue))?.user ?? null;
}

/** Remembers the organization switcher's choice on this session only (other devices keep theirs). */
export async function setSessionCurrentOrg(db: Db, cookieValue: string | undefined, orgId: string) {
  const token = verifiedToken(cookieValue);
  if (!token) return;
  await db
    .update(sessions)
    .set({ currentOrgId: orgId })
    .where(eq(sessions.tokenHash, hashToken(token)));
}

export async function deleteSession(db: Db, cookieValue: string | undefined) {
  const token = verifiedToken(cookieValue);
  if (token) await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

/** Ends every session of the user, on every device; returns how many there were. */
export async function deleteAllSessionsOfUser(db: Db, userId: string): Promise<number> {
  const deleted = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ userId: sessions.userId });
  return deleted.length;
}

/** Secure in production unless APP_URL explicitly says the app is served over plain http. */
export function sessionCookieOptions(expiresAt: Date) {
  const config = getConfig();
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config.isProduction && !config.plainHttp,
    path: "/",
    expires: expiresAt,
  };
}
