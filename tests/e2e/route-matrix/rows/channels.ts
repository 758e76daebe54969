/** Rows for notification channels (issue 12): viewers read, admins change. */
import { channelIdSchema, createChannelSchema, updateChannelSchema } from "@/lib/notifications/channels/schemas";
import { badIds, unique, type MatrixRow } from "../types";
import type { World } from "../world";

const channel = (w: World) => w.fixtures.channel();
const idPath = async (w: World, suffix = "") => `/api/channels/${(await channel(w)).id}${suffix}`;

export const CHANNEL_ROWS: MatrixRow[] = [
  { kind: "route", method: "GET", route: "/api/channels", access: "budgets:read", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "POST",
    route: "/api/channels",
    access: "budgets:write",
    ok: 201,
    target: async () => ({
      body: { type: "webhook", name: unique("Matrix hook"), url: "https://hooks.example.com/cognitrack" },
    }),
    input: { body: createChannelSchema },
    badInput: [
      {
        why: "a plain http URL in production",
        status: 400,
        target: async () => ({ body: { type: "webhook", name: "x", url: "http://hooks.example.com/x" } }),
      },
      {
        why: "a private address",
        status: 400,
        target: async () => ({ body: { type: "webhook", name: "x", url: "https://10.0.0.1/x" } }),
      },
      {
        why: "an IPv4-mapped IPv6 metadata address",
        status: 400,
        target: async () => ({ body: { type: "slack", name: "x", url: "https://[::ffff:169.254.169.254]/x" } }),
      },
      {
        why: "an unknown type",
        status: 400,
        target: async () => ({ body: { type: "pager", name: "x", url: "https://hooks.example.com/x" } }),
      },
      {
        why: "an email channel without an address",
        status: 400,
        target: async () => ({ body: { type: "email", name: "x" } }),
      },
      {
        why: "a url on an email channel",
        status: 400,
        target: async () => ({
          body: { type: "email", name: "x", email: "a@example.com", url: "https://hooks.example.com/x" },
        }),
      },
      { why: "broken JSON", status: 400, target: async () => ({ raw: "{" }) },
    ],
  },
  {
    kind: "route",
    method: "PATCH",
    route: "/api/channels/[id]",
    access: "budgets:write",
    object: "channel",
    ok: 200,
    target: async (w) => ({ path: await idPath(w), body: { name: unique("Renamed"), enabled: false } }),
    input: { params: channelIdSchema, body: updateChannelSchema },
    badInput: [
      { why: "nothing to change", status: 400, target: async (w) => ({ path: await idPath(w), body: {} }) },
      {
        why: "a url on an email channel",
        status: 400,
        target: async (w) => ({ path: await idPath(w), body: { url: "https://hooks.example.com/x" } }),
      },
      {
        why: "enabled as a string",
        status: 400,
        target: async (w) => ({ path: await idPath(w), body: { enabled: "yes" } }),
      },
      ...badIds("/api/channels/[id]").map((b) => ({
        ...b,
        target: async (w: World) => ({ ...(await b.target(w)), body: { name: "x" } }),
      })),
    ],
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/channels/[id]",
    access: "budgets:write",
    object: "channel",
    ok: 200,
    target: async (w) => ({ path: await idPath(w) }),
    input: { params: channelIdSchema },
    badInput: badIds("/api/channels/[id]"),
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/channels/[id]/test",
    access: "budgets:write",
    object: "channel",
    ok: 200,
    target: async (w) => ({ path: await idPath(w, "/test") }),
    input: { params: channelIdSchema },
    badInput: badIds("/api/channels/[id]/test"),
  },
];
