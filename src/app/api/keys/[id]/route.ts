import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { deleteKey } from "@/lib/keys/delete";
import { getOwnedKeyRow } from "@/lib/keys/get";
import { keyIdSchema, updateKeySchema } from "@/lib/keys/schemas";
import { updateKey } from "@/lib/keys/update";
import { toKeyView } from "@/lib/keys/view";

export const GET = apiRoute({ params: keyIdSchema }, async ({ user, params }) => ({
  key: toKeyView(await getOwnedKeyRow(await getDb(), user.id, params.id)),
}));

export const PATCH = apiRoute({ params: keyIdSchema, body: updateKeySchema }, async ({ user, params, body }) => ({
  key: await updateKey(await getDb(), user.id, params.id, body),
}));

export const DELETE = apiRoute({ params: keyIdSchema }, async ({ user, params }) =>
  deleteKey(await getDb(), user.id, params.id),
);
