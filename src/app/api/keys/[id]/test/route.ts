import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { keyIdSchema } from "@/lib/keys/schemas";
import { testProviderKey } from "@/lib/keys/test";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ params: keyIdSchema }, async ({ user, params }) =>
  testProviderKey(await getDb(), user.id, params.id),
);
