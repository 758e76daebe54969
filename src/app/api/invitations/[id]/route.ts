import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { revokeInvitation } from "@/lib/orgs/invitations/revoke";
import { invitationIdSchema } from "@/lib/orgs/invitations/schemas";

export const DELETE = apiRoute(
  { permission: "invitations:write", params: invitationIdSchema },
  async ({ actor, params, requestId }) => revokeInvitation(await getDb(), actor, params.id, { requestId }),
);
