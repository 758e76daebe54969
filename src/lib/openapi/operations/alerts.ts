import { z } from "zod";
import { channelIdSchema, createChannelSchema, updateChannelSchema } from "@/lib/notifications/channels/schemas";
import { isoTime } from "../shapes";
import type { ApiOperation } from "../types";

const channel = z.object({
  id: z.uuid(),
  type: z.enum(["webhook", "slack", "email"]),
  name: z.string(),
  url: z.string().nullable().describe("Webhook URL; a Slack URL is masked (it is a credential)"),
  email: z.string().nullable(),
  hasSigningSecret: z.boolean(),
  enabled: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

const delivery = z.object({
  id: z.string(),
  channelId: z.uuid(),
  source: z.enum(["test", "alert"]),
  attempt: z.number(),
  ok: z.boolean(),
  statusCode: z.number().nullable(),
  outcome: z.string(),
  durationMs: z.number(),
  attemptedAt: isoTime,
});

const channels = { tag: "Alerts", auth: "member" } as const;

export const ALERT_OPERATIONS: ApiOperation[] = [
  {
    ...channels,
    method: "GET",
    path: "/api/channels",
    summary: "Notification channels with their recent deliveries",
    permission: "budgets:read",
    responses: {
      200: {
        description: "Channels",
        schema: z.object({ channels: z.array(channel.extend({ recentDeliveries: z.array(delivery) })) }),
      },
    },
  },
  {
    ...channels,
    method: "POST",
    path: "/api/channels",
    summary: "Add a channel: a signed webhook, a Slack-compatible webhook or an email address",
    description:
      'A webhook channel\'s signing secret is in this response only. Deliveries carry `X-CogniTrack-Timestamp` and `X-CogniTrack-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`.',
    permission: "budgets:write",
    body: createChannelSchema,
    responses: {
      201: {
        description: "The channel, with its signing secret shown once",
        schema: z.object({ channel: channel.extend({ signingSecret: z.string().nullable() }) }),
      },
    },
  },
  {
    ...channels,
    method: "PATCH",
    path: "/api/channels/[id]",
    summary: "Rename, re-point, pause or resume a channel",
    permission: "budgets:write",
    params: channelIdSchema,
    body: updateChannelSchema,
    responses: { 200: { description: "The channel", schema: z.object({ channel }) } },
  },
  {
    ...channels,
    method: "DELETE",
    path: "/api/channels/[id]",
    summary: "Delete a channel",
    permission: "budgets:write",
    params: channelIdSchema,
    responses: { 200: { description: "Deleted", schema: z.object({ id: z.uuid(), deleted: z.literal(true) }) } },
  },
  {
    ...channels,
    method: "POST",
    path: "/api/channels/[id]/test",
    summary: "Send a test message now and report what the receiver said",
    permission: "budgets:write",
    params: channelIdSchema,
    responses: {
      200: {
        description: "The outcome in plain words (a refused delivery is still a 200: the test ran)",
        schema: z.object({
          ok: z.boolean(),
          message: z.string(),
          statusCode: z.number().nullable(),
          durationMs: z.number(),
        }),
      },
    },
  },
];
