import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { deleteKey } from "@/lib/keys/delete";
import { getKeyRow } from "@/lib/keys/get";
import { keyIdSchema, updateKeySchema } from "@/lib/keys/schemas";
import { updateKey } from "@/lib/keys/update";
import { toKeyView } from "@/lib/keys/view";

export const GET = apiRoute({ permission: "keys:read", params: keyIdSchema }, async ({ actor, params }) => ({
  key: toKeyView(await getKeyRow(await getDb(), actor, params.id)),
}));

export const PATCH = apiRoute(
  { permission: "keys:write", params: keyIdSchema, body: updateKeySchema },
  async ({ actor, params, body, requestId }) => updateKey(await getDb(), actor, params.id, body, { requestId }),
);

export const DELETE = apiRoute(
  { permission: "keys:write", params: keyIdSchema },
  async ({ actor, params, requestId }) => deleteKey(await getDb(), actor, params.id, { requestId }),
);
