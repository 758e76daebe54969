import { getDb } from "@/db/client";
import { deleteAccount } from "@/lib/accounts/delete";
import { accountIdSchema, deleteAccountSchema } from "@/lib/accounts/schemas";
import { apiRoute } from "@/lib/http/route";

/** Deletes a provider account with its keys and usage history (owners; `{ confirm: "<label>" }`). */
export const DELETE = apiRoute(
  { permission: "accounts:delete", params: accountIdSchema, body: deleteAccountSchema },
  async ({ actor, params, body, requestId }) => deleteAccount(await getDb(), actor, params.id, body, { requestId }),
);
