import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { listPrices } from "@/lib/pricing/overrides/list-prices";
import { createPriceOverride } from "@/lib/pricing/overrides/create";
import { createPriceOverrideSchema, listPricesQuerySchema } from "@/lib/pricing/overrides/schemas";

/** The organization's price overrides; with `provider` and `model`, also the price in force today and its source. */
export const GET = apiRoute({ permission: "usage:read", query: listPricesQuerySchema }, async ({ actor, query }) =>
  listPrices(await getDb(), actor, query),
);

export const POST = apiRoute(
  { permission: "prices:write", body: createPriceOverrideSchema },
  async ({ actor, body, requestId }) =>
    NextResponse.json(await createPriceOverride(await getDb(), actor, body, { requestId }), { status: 201 }),
);
