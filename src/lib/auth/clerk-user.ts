import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Db } from "@/db/types";
import type { SessionUser } from "./accounts";

/** Maps the signed-in Clerk user to our users row, creating it on first sight. */
export async function userFromClerk(db: Db): Promise<SessionUser | null> {
  const { auth, currentUser } = await import("@clerk/nextjs/server");
  const { userId } = await auth();
  if (!userId) return null;
  const [existing] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.clerkUserId, userId));
  if (existing) return existing;
  const profile = await currentUser();
  const email = profile?.primaryEmailAddress?.emailAddress ?? `${userId}@users.clerk`;
  const [row] = await db
    .insert(users)
    .values({ email: email.toLowerCase(), clerkUserId: userId, name: profile?.fullName ?? null })
    .onConflictDoUpdate({ target: users.email, set: { clerkUserId: userId } })
    .returning({ id: users.id, email: users.email, name: users.name });
  return row ?? null;
}
