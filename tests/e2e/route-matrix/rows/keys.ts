/** Rows for provider keys and provider accounts. */
import { accountIdSchema, deleteAccountSchema } from "@/lib/accounts/schemas";
import { createKeySchema, keyIdSchema, updateKeySchema } from "@/lib/keys/schemas";
import { badIds, unique, type MatrixRow } from "../types";
import type { World } from "../world";

const key = (w: World) => w.fixtures.key();

export const KEY_ROWS: MatrixRow[] = [
  { kind: "route", method: "GET", route: "/api/keys", access: "keys:read", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "POST",
    route: "/api/keys",
    access: "keys:write",
    ok: 201,
    target: async (w) => ({
      body: { provider: "openai", label: unique("Matrix key"), usageMode: "standard", apiKey: w.standardKey },
    }),
    input: { body: createKeySchema },
    badInput: [
      {
        why: "an empty label",
        status: 400,
        target: async (w) => ({ body: { provider: "openai", label: "", apiKey: w.standardKey } }),
      },
      {
        why: "a field the API does not take",
        status: 400,
        target: async (w) => ({ body: { provider: "openai", label: "x", apiKey: w.standardKey, admin: true } }),
      },
      { why: "broken JSON", status: 400, target: async () => ({ raw: "[1, 2" }) },
    ],
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/keys/[id]",
    access: "keys:read",
    object: "key",
    ok: 200,
    target: async (w) => ({ path: `/api/keys/${(await key(w)).id}` }),
    input: { params: keyIdSchema },
    badInput: badIds("/api/keys/[id]"),
  },
  {
    kind: "route",
    method: "PATCH",
    route: "/api/keys/[id]",
    access: "keys:write",
    object: "key",
    ok: 200,
    target: async (w) => ({ path: `/api/keys/${(await key(w)).id}`, body: { label: unique("Renamed") } }),
    input: { params: keyIdSchema, body: updateKeySchema },
    badInput: [
      {
        why: "nothing to change",
        status: 400,
        target: async (w) => ({ path: `/api/keys/${(await key(w)).id}`, body: {} }),
      },
      {
        why: "a number for a label",
        status: 400,
        target: async (w) => ({ path: `/api/keys/${(await key(w)).id}`, body: { label: 7 } }),
      },
      {
        why: "a field the API does not take",
        status: 400,
        target: async (w) => ({ path: `/api/keys/${(await key(w)).id}`, body: { label: "x", owner: "me" } }),
      },
      ...badIds("/api/keys/[id]").map((b) => ({
        ...b,
        target: async (w: World) => ({ ...(await b.target(w)), body: { label: "x" } }),
      })),
    ],
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/keys/[id]",
    access: "keys:write",
    object: "key",
    ok: 200,
    target: async (w) => ({ path: `/api/keys/${(await key(w)).id}` }),
    input: { params: keyIdSchema },
    badInput: badIds("/api/keys/[id]"),
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/keys/[id]/test",
    access: "keys:write",
    object: "key",
    ok: 200,
    slow: true,
    target: async (w) => ({ path: `/api/keys/${(await key(w)).id}/test` }),
    input: { params: keyIdSchema },
    badInput: badIds("/api/keys/[id]/test"),
  },
  { kind: "route", method: "GET", route: "/api/accounts", access: "keys:read", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/accounts/[id]",
    access: "accounts:delete",
    object: "account",
    ok: 200,
    target: async (w) => {
      const k = await key(w);
      return { path: `/api/accounts/${k.accountId}`, body: { confirm: k.accountLabel } };
    },
    input: { params: accountIdSchema, body: deleteAccountSchema },
    badInput: [
      {
        why: "a number for the confirmation",
        status: 400,
        target: async (w) => ({ path: `/api/accounts/${(await key(w)).accountId}`, body: { confirm: 5 } }),
      },
      ...badIds("/api/accounts/[id]").map((b) => ({
        ...b,
        target: async (w: World) => ({ ...(await b.target(w)), body: { confirm: "x" } }),
      })),
    ],
  },
];
