import { z } from "zod";
import { API_TOKEN_SCOPES } from "@/db/schema";
import { textProblem } from "@/lib/text/safe-text";

/** A date (YYYY-MM-DD: the end of that day, UTC) or a date-time with an offset. */
const expiry = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: "expiresAt must be a date (YYYY-MM-DD) or a date and time (ISO 8601)",
  })
  .transform((v) => new Date(v.length === 10 ? `${v}T23:59:59.999Z` : v))
  .refine((d) => d.getTime() > Date.now(), { error: "expiresAt must be in the future" })
  .refine((d) => d.getTime() <= Date.now() + 5 * 366 * 86_400_000, {
    error: "expiresAt must be within 5 years; leave it out for a token that does not expire",
  });

export const createTokenSchema = z.strictObject({
  name: z
    .string({ error: "name is required: give the token a name" })
    .trim()
    .min(1, { error: "name is required: give the token a name" })
    .max(100, { error: "name must be at most 100 characters" })
    .superRefine((v, ctx) => {
      const problem = textProblem(v, { field: "name" });
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  scopes: z
    .array(z.enum(API_TOKEN_SCOPES, { error: `each scope must be one of ${API_TOKEN_SCOPES.join(", ")}` }), {
      error: 'scopes must be a list, e.g. ["usage:read"]',
    })
    .min(1, { error: "scopes must name at least one scope" })
    .transform((s) => [...new Set(s)]),
  expiresAt: expiry.nullish(),
});

export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const tokenIdSchema = z.strictObject({ id: z.uuid({ error: "token id must be a UUID" }) });
