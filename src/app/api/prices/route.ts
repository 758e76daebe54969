import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { listPrices } from "@/lib/pricing/overrides/list-prices";
import { listPricesQuerySchema } from "@/lib/pricing/overrides/schemas";

/** The price in force today for each model the organization uses or has priced, with its source (library, override, none). */
export const GET = apiRoute({ permission: "usage:read", query: listPricesQuerySchema }, async ({ actor, query }) =>
  listPrices(await getDb(), actor, query),
);
