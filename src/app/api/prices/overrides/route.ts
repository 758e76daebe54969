import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { createPriceOverride } from "@/lib/pricing/overrides/create";
import { listPriceOverrides } from "@/lib/pricing/overrides/list";
import { createPriceOverrideSchema, listPricesQuerySchema } from "@/lib/pricing/overrides/schemas";

/** The organization's price overrides, optionally of one provider and/or model. */
export const GET = apiRoute({ permission: "usage:read", query: listPricesQuerySchema }, async ({ actor, query }) => ({
  overrides: await listPriceOverrides(await getDb(), actor, query),
}));

export const POST = apiRoute(
  { permission: "prices:write", body: createPriceOverrideSchema },
  async ({ actor, body, requestId }) =>
    NextResponse.json(await createPriceOverride(await getDb(), actor, body, { requestId }), { status: 201 }),
);
