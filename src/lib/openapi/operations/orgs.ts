import { z } from "zod";
import { auditExportQuerySchema, auditQuerySchema } from "@/lib/orgs/audit-filters";
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
import { apiToken, auditEntry, csv, invitation, isoTime, member, myOrganization, orgSummary, role } from "../shapes";
import type { ApiOperation } from "../types";

const org = { tag: "Organizations", auth: "member" } as const;
const team = { tag: "Members and invitations", auth: "member" } as const;
const tokens = { tag: "API tokens", auth: "member" } as const;
const audit = { tag: "Audit log", auth: "member" } as const;

export const ORG_OPERATIONS: ApiOperation[] = [
  {
    ...org,
    method: "GET",
    path: "/api/orgs",
    summary: "My organizations with my role in each",
    responses: {
      200: {
        description: "`current` marks the one this request acts in",
        schema: z.object({ organizations: z.array(myOrganization) }),
      },
    },
  },
  {
    ...org,
    method: "POST",
    path: "/api/orgs",
    summary: "Create a team organization (you become its owner)",
    body: createOrgSchema,
    responses: {
      201: {
        description: "The new organization",
        schema: z.object({ organization: orgSummary.extend({ role: z.literal("owner") }) }),
      },
    },
  },
  {
    ...org,
    method: "PUT",
    path: "/api/orgs/current",
    summary: "Switch this session to another of my organizations",
    body: switchOrgSchema,
    responses: {
      200: { description: "The organization now current", schema: z.object({ organization: myOrganization }) },
    },
  },
  {
    ...org,
    method: "PATCH",
    path: "/api/orgs/current",
    summary: "Rename the current organization",
    permission: "org:write",
    body: renameOrgSchema,
    responses: { 200: { description: "Renamed", schema: z.object({ organization: orgSummary }) } },
  },
  {
    ...org,
    method: "DELETE",
    path: "/api/orgs/current",
    summary: "Delete the current organization and all its data",
    description: 'The body must repeat its name: `{"confirm":"<name>"}`. A personal organization cannot be deleted.',
    permission: "org:delete",
    body: deleteOrgSchema,
    responses: { 200: { description: "Deleted", schema: z.object({ id: z.uuid(), deleted: z.literal(true) }) } },
  },
  {
    ...team,
    method: "GET",
    path: "/api/members",
    summary: "Members of the current organization",
    permission: "members:read",
    responses: { 200: { description: "Members", schema: z.object({ members: z.array(member) }) } },
  },
  {
    ...team,
    method: "PATCH",
    path: "/api/members/[userId]",
    summary: "Change a member's role",
    description: "The last owner cannot be demoted (409).",
    permission: "members:write",
    params: memberIdSchema,
    body: memberRoleSchema,
    responses: { 200: { description: "The member", schema: z.object({ member }) } },
  },
  {
    ...team,
    method: "DELETE",
    path: "/api/members/[userId]",
    summary: "Remove a member (owners), or leave (yourself)",
    description: "Anyone may remove themselves (leave); removing someone else needs the permission below.",
    permission: "members:write",
    params: memberIdSchema,
    responses: {
      200: {
        description: "Removed",
        schema: z.object({ userId: z.uuid(), removed: z.literal(true), left: z.boolean() }),
      },
    },
  },
  {
    ...team,
    method: "GET",
    path: "/api/invitations",
    summary: "Pending invitations",
    permission: "invitations:write",
    responses: { 200: { description: "Invitations", schema: z.object({ invitations: z.array(invitation) }) } },
  },
  {
    ...team,
    method: "POST",
    path: "/api/invitations",
    summary: "Invite someone by email with a role",
    description: "The single-use link is in this response (and the mail when SMTP is set), nowhere else.",
    permission: "invitations:write",
    body: createInvitationSchema,
    responses: {
      201: {
        description: "The invitation with its link",
        schema: z.object({
          invitation: z.object({
            id: z.uuid(),
            email: z.string(),
            role,
            expiresAt: isoTime,
            url: z.string(),
            emailSent: z.boolean(),
          }),
        }),
      },
    },
  },
  {
    ...team,
    method: "DELETE",
    path: "/api/invitations/[id]",
    summary: "Revoke a pending invitation",
    permission: "invitations:write",
    params: invitationIdSchema,
    responses: { 200: { description: "Revoked", schema: z.object({ id: z.uuid(), revoked: z.literal(true) }) } },
  },
  {
    ...team,
    method: "POST",
    path: "/api/invitations/accept",
    summary: "Accept an invitation (the invited email must be yours)",
    body: acceptInvitationSchema,
    responses: {
      200: { description: "You are now a member", schema: z.object({ organization: orgSummary, role }) },
    },
  },
  {
    ...tokens,
    method: "GET",
    path: "/api/tokens",
    summary: "API tokens of the organization (never their secrets)",
    permission: "tokens:write",
    responses: { 200: { description: "Tokens", schema: z.object({ tokens: z.array(apiToken) }) } },
  },
  {
    ...tokens,
    method: "POST",
    path: "/api/tokens",
    summary: "Create an API token",
    description: "The only response that ever carries the token's secret (`ct_...`).",
    permission: "tokens:write",
    body: createTokenSchema,
    responses: {
      201: {
        description: "The token and its secret, shown once",
        schema: z.object({ token: apiToken, secret: z.string() }),
      },
    },
  },
  {
    ...tokens,
    method: "DELETE",
    path: "/api/tokens/[id]",
    summary: "Revoke an API token",
    permission: "tokens:write",
    params: tokenIdSchema,
    responses: { 200: { description: "Revoked", schema: z.object({ id: z.uuid(), revoked: z.literal(true) }) } },
  },
  {
    ...audit,
    method: "GET",
    path: "/api/audit",
    summary: "The audit log, newest first, a page at a time",
    permission: "audit:read",
    query: auditQuerySchema,
    responses: {
      200: {
        description: "Entries and the cursor of the next (older) page",
        schema: z.object({ entries: z.array(auditEntry), nextCursor: z.string().nullable() }),
      },
    },
  },
  {
    ...audit,
    method: "GET",
    path: "/api/audit/export",
    summary: "The audit log as CSV",
    permission: "audit:read",
    query: auditExportQuerySchema,
    responses: { 200: csv("One line per audit entry") },
  },
];
