import { getDb } from "@/db/client";
import { listAccounts } from "@/lib/accounts/list";
import { apiRoute } from "@/lib/http/route";

export const GET = apiRoute({ permission: "keys:read" }, async ({ actor }) => ({
  accounts: await listAccounts(await getDb(), actor),
}));
