import { eq } from "drizzle-orm";
import type { Db } from "@/db/types";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./password";
import type { Credentials } from "./schemas";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/**
 * Hashes before looking at the email, so "already exists" costs the same KDF work as a new account
 * and the answer's timing does not tell which emails have accounts (the message does, honestly:
 * the per-address sign-up limit is what keeps that from being free).
 */
export async function createLocalAccount(db: Db, input: Credentials): Promise<SessionUser> {
  const passwordHash = await hashPassword(input.password);
  // The account and its personal organization (the user owns it) exist together or not at all.
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email: input.email, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!row) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
    await ensurePersonalOrganization(tx, row);
    return row;
  });
}

export async function authenticateLocalAccount(db: Db, input: { email: string; password: string }) {
  const [row] = await db.select().from(users).where(eq(users.email, input.email));
  const ok = await verifyPassword(input.password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !row.passwordHash || !ok) {
    throw new AppError("UNAUTHENTICATED", "Email or password is incorrect.");
  }
  return { id: row.id, email: row.email, name: row.name } satisfies SessionUser;
}

export async function findUserByEmailOrId(db: Db, emailOrId: string): Promise<SessionUser | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(emailOrId);
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(isUuid ? eq(users.id, emailOrId) : eq(users.email, emailOrId.toLowerCase()));
  return row ?? null;
}
