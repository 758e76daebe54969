import { z } from "zod";
import { safeText } from "@/lib/text/safe-text";
import { ROLES } from "./roles";

// The shared text rule: a lone surrogate in a name used to reach the database and answer 500.
const name = safeText({ field: "name", min: 1, max: 100 });

export const createOrgSchema = z.strictObject({ name });
export const renameOrgSchema = z.strictObject({ name });

export const orgIdSchema = z.strictObject({ id: z.uuid({ error: "organization id must be a UUID" }) });

export const switchOrgSchema = z.strictObject({
  orgId: z.uuid({ error: "orgId must be an organization id (UUID)" }),
});

export const deleteOrgSchema = z.strictObject({
  confirm: z.string({ error: "confirm is required: type the organization's name" }).max(200),
});

export const memberIdSchema = z.strictObject({ userId: z.uuid({ error: "userId must be a UUID" }) });

export const memberRoleSchema = z.strictObject({
  role: z.enum(ROLES, { error: "role must be 'viewer', 'admin' or 'owner'" }),
});
