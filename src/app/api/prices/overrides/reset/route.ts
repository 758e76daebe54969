import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { resetModelPrices } from "@/lib/pricing/overrides/reset";
import { resetPricesSchema } from "@/lib/pricing/overrides/schemas";

/** Reset to default: remove the organization's overrides for one model. */
export const POST = apiRoute(
  { permission: "prices:write", body: resetPricesSchema },
  async ({ actor, body, requestId }) => resetModelPrices(await getDb(), actor, body, { requestId }),
);
