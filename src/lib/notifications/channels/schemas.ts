import { z } from "zod";
import { safeText } from "@/lib/text/safe-text";

export const channelIdSchema = z.strictObject({
  id: z.uuid({ error: "channel id must be a UUID" }),
});

const name = safeText({ field: "name", min: 1, max: 100 });
const url = safeText({ field: "url", min: 1, max: 2000 });
const email = safeText({ field: "email", min: 1, max: 254 }).pipe(
  z.email({ error: "email must be an email address, like ops@example.com" }),
);

/** `POST /api/channels`: what each type needs (a URL for webhook and Slack, an address for email). */
export const createChannelSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("webhook"), name, url }),
    z.strictObject({ type: z.literal("slack"), name, url }),
    z.strictObject({ type: z.literal("email"), name, email }),
  ],
  { error: "type must be one of: 'webhook', 'slack', 'email'" },
);

export const updateChannelSchema = z
  .strictObject({
    name: name.optional(),
    url: url.optional(),
    email: email.optional(),
    /** false = paused: no new alerts are queued for it (queued ones still go). */
    enabled: z.boolean({ error: "enabled must be true or false" }).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "nothing to update: send at least one field" });

export type CreateChannelInput = z.infer<typeof createChannelSchema>;
export type UpdateChannelInput = z.infer<typeof updateChannelSchema>;
