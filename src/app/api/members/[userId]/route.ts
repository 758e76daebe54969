import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { changeMemberRole, removeMember } from "@/lib/orgs/members";
import { memberIdSchema, memberRoleSchema } from "@/lib/orgs/schemas";

export const PATCH = apiRoute(
  { permission: "members:write", params: memberIdSchema, body: memberRoleSchema },
  async ({ actor, params, body, requestId }) => ({
    member: await changeMemberRole(await getDb(), actor, params.userId, body.role, { requestId }),
  }),
);

/** An owner removes a member; anyone may remove themselves (leave). */
export const DELETE = apiRoute({ params: memberIdSchema }, async ({ actor, params, requestId }) =>
  removeMember(await getDb(), actor, params.userId, { requestId }),
);
