import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { membershipsOf, pickRequestedOrg } from "@/lib/orgs/actor";
import type { MyOrganization } from "@/lib/orgs/list";
import { SESSION_COOKIE, sessionFromCookie, setSessionCurrentOrg } from "./sessions";

/**
 * PUT /api/orgs/current: the organization this browser session works in from now on (other
 * sessions keep theirs). Only organizations the user belongs to (else 404).
 */
export async function switchCurrentOrganization(orgId: string): Promise<MyOrganization> {
  if (getConfig().auth.mode === "clerk") {
    throw new AppError(
      "CONFLICT",
      "With Clerk sign-in the active organization is Clerk's: switch with Clerk's organization switcher, or send the X-CogniTrack-Org header.",
    );
  }
  const db = await getDb();
  const cookie = (await cookies()).get(SESSION_COOKIE)?.value;
  const session = await sessionFromCookie(db, cookie);
  if (!session) throw new AppError("UNAUTHENTICATED", "Sign in to use this endpoint.");
  const { org, role } = pickRequestedOrg(await membershipsOf(db, session.user.id), orgId);
  await setSessionCurrentOrg(db, cookie, org.id);
  return { id: org.id, name: org.name, personal: org.personal, managedByClerk: false, role, current: true };
}
