import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { deletePriceOverride } from "@/lib/pricing/overrides/delete";
import { priceOverrideIdSchema, updatePriceOverrideSchema } from "@/lib/pricing/overrides/schemas";
import { updatePriceOverride } from "@/lib/pricing/overrides/update";

export const PATCH = apiRoute(
  { permission: "prices:write", params: priceOverrideIdSchema, body: updatePriceOverrideSchema },
  async ({ actor, params, body, requestId }) =>
    updatePriceOverride(await getDb(), actor, params.id, body, { requestId }),
);

export const DELETE = apiRoute(
  { permission: "prices:write", params: priceOverrideIdSchema },
  async ({ actor, params, requestId }) => deletePriceOverride(await getDb(), actor, params.id, { requestId }),
);
