/** Rows for members, organizations, invitations and API tokens. */
import { randomUUID } from "node:crypto";
import { acceptInvitationSchema, createInvitationSchema, invitationIdSchema } from "@/lib/orgs/invitations/schemas";
import {
  createOrgSchema,
  deleteOrgSchema,
  memberIdSchema,
  memberRoleSchema,
  renameOrgSchema,
  switchOrgSchema,
} from "@/lib/orgs/schemas";
import { createTokenSchema, tokenIdSchema } from "@/lib/orgs/tokens/schemas";
import { issueToken } from "../tokens";
import { badIds, unique, uniqueEmail, type MatrixRow } from "../types";
import type { World } from "../world";

const CLERK_MEMBERS = "Clerk organizations' members are managed in Clerk (409), after the 404 for non-members";
const CLERK_INVITES = "Clerk organizations invite through Clerk";
const member = async (w: World) => `/api/members/${(await w.fixtures.member()).userId}`;
// Where no invitation of A can exist (Clerk), an id nobody issued: refused like another organization's.
const invitationPath = async (w: World) => `/api/invitations/${(await w.fixtures.invitation())?.id ?? randomUUID()}`;
const tokenPath = async (w: World) => `/api/tokens/${(await issueToken(w.members.owner, ["usage:read"])).id}`;

export const ORG_ROWS: MatrixRow[] = [
  { kind: "route", method: "GET", route: "/api/members", access: "members:read", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "PATCH",
    route: "/api/members/[userId]",
    access: "members:write",
    object: "member",
    ok: 200,
    target: async (w) => ({ path: await member(w), body: { role: "admin" } }),
    input: { params: memberIdSchema, body: memberRoleSchema },
    badInput: [
      {
        why: "a role that does not exist",
        status: 400,
        target: async (w) => ({ path: await member(w), body: { role: "god" } }),
      },
      { why: "no role", status: 400, target: async (w) => ({ path: await member(w), body: {} }) },
      ...badIds("/api/members/[userId]").map((b) => ({
        ...b,
        target: async (w: World) => ({ ...(await b.target(w)), body: { role: "admin" } }),
      })),
    ],
    modes: { clerk: { ok: 409, why: CLERK_MEMBERS } },
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/members/[userId]",
    access: "members:write",
    object: "member",
    ok: 200,
    target: async (w) => ({ path: await member(w) }),
    input: { params: memberIdSchema },
    badInput: badIds("/api/members/[userId]"),
    modes: { clerk: { ok: 409, why: CLERK_MEMBERS } },
  },
  { kind: "route", method: "GET", route: "/api/orgs", access: "member", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "POST",
    route: "/api/orgs",
    access: "member",
    ok: 201,
    target: async () => ({ body: { name: unique("Matrix team") } }),
    input: { body: createOrgSchema },
    badInput: [
      { why: "an empty name", status: 400, target: async () => ({ body: { name: "  " } }) },
      { why: "a control character in the name", status: 400, target: async () => ({ body: { name: "a\u0000b" } }) },
      { why: "broken JSON", status: 400, target: async () => ({ raw: '{"name": ' }) },
    ],
  },
  {
    kind: "route",
    method: "PUT",
    route: "/api/orgs/current",
    access: "member",
    object: "organization",
    ok: 200,
    target: async (w) => ({ body: { orgId: w.orgA.id } }),
    input: { body: switchOrgSchema },
    badInput: [{ why: "an id that is not one", status: 400, target: async () => ({ body: { orgId: "not-an-id" } }) }],
    modes: {
      clerk: {
        ok: 409,
        foreignObject: 409,
        skipBadInput: true,
        why: "switching is Clerk's (its organization switcher); the header still resolves first, so it stays 404",
      },
    },
  },
  {
    kind: "route",
    method: "PATCH",
    route: "/api/orgs/current",
    access: "org:write",
    ok: 200,
    target: async () => ({ body: { name: unique("Team A") } }),
    input: { body: renameOrgSchema },
    badInput: [{ why: "a number for a name", status: 400, target: async () => ({ body: { name: 7 } }) }],
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/orgs/current",
    access: "org:delete",
    ok: 200,
    // Denied cases aim at A itself; the right-role case deletes a new team organization of A's owner.
    target: async (w) => {
      const org = await w.fixtures.teamOrg();
      return { orgId: org.id, body: { confirm: org.name } };
    },
    input: { body: deleteOrgSchema },
    badInput: [{ why: "no confirmation", status: 400, target: async () => ({ body: {} }) }],
  },

  // Invitations
  {
    kind: "route",
    method: "GET",
    route: "/api/invitations",
    access: "invitations:write",
    ok: 200,
    target: async () => ({}),
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/invitations",
    access: "invitations:write",
    ok: 201,
    target: async () => ({ body: { email: uniqueEmail("invited"), role: "viewer" } }),
    input: { body: createInvitationSchema },
    badInput: [
      {
        why: "an email that is not one",
        status: 400,
        target: async () => ({ body: { email: "not-an-email", role: "viewer" } }),
      },
      {
        why: "a role that does not exist",
        status: 400,
        target: async () => ({ body: { email: uniqueEmail("invited"), role: "god" } }),
      },
    ],
    modes: { clerk: { ok: 409, why: CLERK_INVITES } },
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/invitations/[id]",
    access: "invitations:write",
    object: "invitation",
    ok: 200,
    target: async (w) => ({ path: await invitationPath(w) }),
    input: { params: invitationIdSchema },
    badInput: badIds("/api/invitations/[id]"),
    modes: { clerk: { ok: 404, why: `${CLERK_INVITES}: A has no invitation of ours to revoke` } },
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/invitations/accept",
    access: "member",
    ok: 200,
    // An invitation for the viewer's own email into a new team organization of A's owner.
    target: async (w) => ({ body: { token: await w.fixtures.invitationToken("viewer") } }),
    input: { body: acceptInvitationSchema },
    badInput: [
      { why: "an empty token", status: 400, target: async () => ({ body: { token: " " } }) },
      { why: "a number for a token", status: 400, target: async () => ({ body: { token: 5 } }) },
      {
        why: "a field the API does not take",
        status: 400,
        target: async () => ({ body: { token: "x", role: "owner" } }),
      },
    ],
  },

  // API tokens
  { kind: "route", method: "GET", route: "/api/tokens", access: "tokens:write", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "POST",
    route: "/api/tokens",
    access: "tokens:write",
    ok: 201,
    target: async () => ({ body: { name: unique("Matrix token"), scopes: ["usage:read"] } }),
    input: { body: createTokenSchema },
    badInput: [
      { why: "no scope", status: 400, target: async () => ({ body: { name: "t", scopes: [] } }) },
      {
        why: "a scope that does not exist",
        status: 400,
        target: async () => ({ body: { name: "t", scopes: ["admin"] } }),
      },
      {
        why: "an expiry in the past",
        status: 400,
        target: async () => ({ body: { name: "t", scopes: ["usage:read"], expiresAt: "2001-01-01" } }),
      },
    ],
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/tokens/[id]",
    access: "tokens:write",
    object: "token",
    ok: 200,
    target: async (w) => ({ path: await tokenPath(w) }),
    input: { params: tokenIdSchema },
    badInput: badIds("/api/tokens/[id]"),
  },
];
