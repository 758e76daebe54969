import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { deleteChannel } from "@/lib/notifications/channels/delete";
import { channelIdSchema, updateChannelSchema } from "@/lib/notifications/channels/schemas";
import { updateChannel } from "@/lib/notifications/channels/update";

export const PATCH = apiRoute(
  { permission: "budgets:write", params: channelIdSchema, body: updateChannelSchema },
  async ({ actor, params, body, requestId }) => updateChannel(await getDb(), actor, params.id, body, { requestId }),
);

export const DELETE = apiRoute(
  { permission: "budgets:write", params: channelIdSchema },
  async ({ actor, params, requestId }) => deleteChannel(await getDb(), actor, params.id, { requestId }),
);
