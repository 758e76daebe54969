import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { channelIdSchema } from "@/lib/notifications/channels/schemas";
import { testChannel } from "@/lib/notifications/channels/test";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  { permission: "budgets:write", params: channelIdSchema },
  async ({ actor, params, requestId }) => testChannel(await getDb(), actor, params.id, { requestId }),
);
