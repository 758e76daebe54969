import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { listUnpricedModels, unpricedQuerySchema } from "@/lib/pricing/unpriced";

export const GET = apiRoute({ permission: "usage:read", query: unpricedQuerySchema }, async ({ actor, query }) =>
  listUnpricedModels(await getDb(), actor, query),
);
