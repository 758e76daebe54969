import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { keyIdSchema } from "@/lib/keys/schemas";
import { testProviderKey } from "@/lib/keys/test";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ permission: "keys:write", params: keyIdSchema }, async ({ actor, params, requestId }) =>
  testProviderKey(await getDb(), actor, params.id, { requestId }),
);
