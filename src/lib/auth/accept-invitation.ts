import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/env";
import { acceptInvitation, type AcceptedInvitation } from "@/lib/orgs/invitations/accept";
import { clientAddressOf } from "@/lib/rate-limit/client-address";
import type { SessionUser } from "./accounts";
import { SESSION_COOKIE, setSessionCurrentOrg } from "./sessions";

/**
 * POST /api/invitations/accept: joins, then makes the new organization this browser session's
 * current one, so the next page shows what the person was invited to see. (With Clerk sign-in the
 * active organization is Clerk's; the session is left alone.)
 */
export async function acceptInvitationForSession(
  user: SessionUser,
  token: string,
  request: { headers: Headers; requestId: string },
): Promise<AcceptedInvitation> {
  const db = await getDb();
  const accepted = await acceptInvitation(db, user, token, {
    clientAddress: clientAddressOf(request.headers),
    requestId: request.requestId,
  });
  if (getConfig().auth.mode === "local") {
    await setSessionCurrentOrg(db, (await cookies()).get(SESSION_COOKIE)?.value, accepted.organization.id);
  }
  return accepted;
}
