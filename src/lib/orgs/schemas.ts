import { z } from "zod";
import { ROLES } from "./roles";

const name = z
  .string({ error: "name is required" })
  .trim()
  .min(1, { error: "name must not be empty" })
  .max(100, { error: "name must be at most 100 characters" })
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { error: "name must not contain control characters" });

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
