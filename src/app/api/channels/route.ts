import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { createChannel } from "@/lib/notifications/channels/create";
import { listChannels } from "@/lib/notifications/channels/list";
import { createChannelSchema } from "@/lib/notifications/channels/schemas";

export const GET = apiRoute({ permission: "budgets:read" }, async ({ actor }) => ({
  channels: await listChannels(await getDb(), actor),
}));

export const POST = apiRoute(
  { permission: "budgets:write", body: createChannelSchema },
  async ({ actor, body, requestId }) =>
    NextResponse.json(await createChannel(await getDb(), actor, body, { requestId }), { status: 201 }),
);
