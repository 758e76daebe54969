import { acceptInvitationForSession } from "@/lib/auth/accept-invitation";
import { apiRoute } from "@/lib/http/route";
import { acceptInvitationSchema } from "@/lib/orgs/invitations/schemas";

/** Any signed-in person holding the link; the invited email must be theirs. */
export const POST = apiRoute({ body: acceptInvitationSchema }, async ({ actor, body, req, requestId }) =>
  acceptInvitationForSession(actor.user, body.token, { headers: req.headers, requestId }),
);
