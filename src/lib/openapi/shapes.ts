/** Response shapes shared by several operations. */
import { z } from "zod";
import { ROLES } from "@/lib/orgs/roles";
import { API_TOKEN_SCOPES } from "@/db/schema";

export const isoTime = z.string().describe("ISO 8601 timestamp, UTC");
export const utcDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe("UTC day YYYY-MM-DD");
export const role = z.enum(ROLES);

export const errorBody = z.object({
  error: z.object({
    code: z.string().describe("One of the codes in the error table"),
    message: z.string().describe("Plain words, safe to show"),
    requestId: z.string().optional(),
  }),
});

export const user = z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable() });

export const orgSummary = z.object({ id: z.uuid(), name: z.string(), personal: z.boolean() });

export const myOrganization = orgSummary.extend({ managedByClerk: z.boolean(), role, current: z.boolean() });

export const providerKey = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  provider: z.enum(["openai", "anthropic"]),
  label: z.string(),
  usageMode: z.enum(["admin", "standard"]),
  organizationId: z.string().nullable(),
  projectId: z.string().nullable(),
  maskedKey: z.string().describe("First and last characters only; the key itself is never returned"),
  lastSyncAt: isoTime.nullable(),
  lastSyncStatus: z.string().nullable(),
  lastSyncMessage: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const accountRef = z.object({ id: z.uuid(), label: z.string(), attached: z.boolean() });

export const keyWithAccount = z.object({ key: providerKey, account: accountRef });

export const account = z.object({
  id: z.uuid(),
  provider: z.enum(["openai", "anthropic"]),
  externalId: z.string().nullable(),
  label: z.string(),
  createdAt: isoTime,
  keys: z.array(providerKey),
});

export const member = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role,
  joinedAt: isoTime,
});

export const invitation = z.object({
  id: z.uuid(),
  email: z.string(),
  role,
  expiresAt: isoTime,
  createdAt: isoTime,
  invitedBy: z.string().nullable(),
});

export const apiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)),
  last4: z.string(),
  expiresAt: isoTime.nullable(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  expired: z.boolean(),
});

export const auditEntry = z.object({
  id: z.string(),
  createdAt: isoTime,
  action: z.string(),
  actorUserId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  actorTokenId: z.uuid().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const csv = (description: string) => ({ description, contentType: "text/csv" });
