import { getDb } from "@/db/client";
import { switchCurrentOrganization } from "@/lib/auth/switch-org";
import { apiRoute } from "@/lib/http/route";
import { deleteOrgSchema, renameOrgSchema, switchOrgSchema } from "@/lib/orgs/schemas";
import { deleteOrganization, renameOrganization } from "@/lib/orgs/update";

/** Switches this browser session to another of the caller's organizations. */
export const PUT = apiRoute({ body: switchOrgSchema }, async ({ body }) => ({
  organization: await switchCurrentOrganization(body.orgId),
}));

/** Renames the current organization (owners). */
export const PATCH = apiRoute(
  { permission: "org:write", body: renameOrgSchema },
  async ({ actor, body, requestId }) => ({
    organization: await renameOrganization(await getDb(), actor, body, { requestId }),
  }),
);

/** Deletes the current organization and all its data (owners; `{ confirm: "<name>" }`). */
export const DELETE = apiRoute({ permission: "org:delete", body: deleteOrgSchema }, async ({ actor, body }) =>
  deleteOrganization(await getDb(), actor, body),
);
