import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { revokeApiToken } from "@/lib/orgs/tokens/revoke";
import { tokenIdSchema } from "@/lib/orgs/tokens/schemas";

export const DELETE = apiRoute(
  { permission: "tokens:write", params: tokenIdSchema },
  async ({ actor, params, requestId }) => revokeApiToken(await getDb(), actor, params.id, { requestId }),
);
