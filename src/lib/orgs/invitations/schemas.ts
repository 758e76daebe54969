import { z } from "zod";
import { ROLES } from "../roles";

export const createInvitationSchema = z.strictObject({
  email: z
    .string({ error: "email is required: enter the email address of the person to invite" })
    .trim()
    .toLowerCase()
    .max(254, { error: "email must be at most 254 characters" })
    .pipe(z.email({ error: "email must be a valid email address, like name@example.com" })),
  role: z.enum(ROLES, { error: "role must be 'viewer', 'admin' or 'owner'" }),
});

export type CreateInvitationInput = z.infer<typeof createInvitationSchema>;

export const acceptInvitationSchema = z.strictObject({
  token: z
    .string({ error: "token is required: the part of the invitation link after /invite/" })
    .trim()
    .min(1, { error: "token is required: the part of the invitation link after /invite/" })
    .max(200, { error: "token is not an invitation token" }),
});

export const invitationIdSchema = z.strictObject({ id: z.uuid({ error: "invitation id must be a UUID" }) });
