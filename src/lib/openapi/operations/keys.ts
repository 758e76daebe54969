import { z } from "zod";
import { accountIdSchema, deleteAccountSchema } from "@/lib/accounts/schemas";
import { createKeySchema, keyIdSchema, updateKeySchema } from "@/lib/keys/schemas";
import { account, keyWithAccount, providerKey } from "../shapes";
import type { ApiOperation } from "../types";

const key = { tag: "Provider keys", auth: "member" } as const;

export const KEY_OPERATIONS: ApiOperation[] = [
  {
    ...key,
    method: "GET",
    path: "/api/keys",
    summary: "List the organization's provider keys (masked)",
    permission: "keys:read",
    responses: { 200: { description: "Keys, newest first", schema: z.object({ keys: z.array(providerKey) }) } },
  },
  {
    ...key,
    method: "POST",
    path: "/api/keys",
    summary: "Register a provider key (stored encrypted)",
    description:
      'OpenAI: `{"provider":"openai","label","apiKey","usageMode":"admin"|"standard"}`; Anthropic: `{"provider":"anthropic","label","apiKey"}` with an Admin key. An OpenAI admin key of an organization already registered attaches to its provider account.',
    permission: "keys:write",
    body: createKeySchema,
    responses: { 201: { description: "The key (masked) and its provider account", schema: keyWithAccount } },
  },
  {
    ...key,
    method: "GET",
    path: "/api/keys/[id]",
    summary: "One provider key (masked)",
    permission: "keys:read",
    params: keyIdSchema,
    responses: { 200: { description: "The key", schema: z.object({ key: providerKey }) } },
  },
  {
    ...key,
    method: "PATCH",
    path: "/api/keys/[id]",
    summary: "Rename a key or replace its secret",
    permission: "keys:write",
    params: keyIdSchema,
    body: updateKeySchema,
    responses: { 200: { description: "The updated key", schema: keyWithAccount } },
  },
  {
    ...key,
    method: "DELETE",
    path: "/api/keys/[id]",
    summary: "Delete a key; its account's usage history is kept",
    permission: "keys:write",
    params: keyIdSchema,
    responses: {
      200: {
        description: "Deleted",
        schema: z.object({
          id: z.uuid(),
          deleted: z.literal(true),
          historyKept: z.literal(true),
          account: z.object({ id: z.uuid(), remainingKeys: z.number() }),
        }),
      },
    },
  },
  {
    ...key,
    method: "POST",
    path: "/api/keys/[id]/test",
    summary: "Make one cheap provider request with the key and say what happened",
    permission: "keys:write",
    params: keyIdSchema,
    responses: {
      200: {
        description: "The verdict in plain words (a failing key is still a 200: the test ran)",
        schema: z.object({ ok: z.boolean(), message: z.string() }),
      },
    },
  },
  {
    ...key,
    method: "GET",
    path: "/api/accounts",
    summary: "Provider accounts with their keys",
    permission: "keys:read",
    responses: { 200: { description: "Accounts", schema: z.object({ accounts: z.array(account) }) } },
  },
  {
    ...key,
    method: "DELETE",
    path: "/api/accounts/[id]",
    summary: "Delete a provider account with its keys and usage history",
    description: 'Owners only; the body must repeat the account\'s label: `{"confirm":"<label>"}`.',
    permission: "accounts:delete",
    params: accountIdSchema,
    body: deleteAccountSchema,
    responses: {
      200: {
        description: "Deleted, with what went with it",
        schema: z.object({ id: z.uuid(), deleted: z.literal(true), keys: z.number(), usageRows: z.number() }),
      },
    },
  },
];
