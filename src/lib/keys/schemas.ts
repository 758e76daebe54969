import { z } from "zod";
import { getProviderAdapter } from "@/lib/providers/registry";
import { PROVIDER_IDS } from "@/lib/providers/types";
import { safeText } from "@/lib/text/safe-text";

const optionalId = (name: string) =>
  safeText({ field: name, max: 200 })
    .nullish()
    .transform((v) => (v ? v : null));

export const keyIdSchema = z.strictObject({
  id: z.uuid({ error: "key id must be a UUID" }),
});

const fields = {
  label: safeText({ field: "label", min: 1, max: 100 }),
  usageMode: z.enum(["standard", "admin"], { error: "usageMode must be 'standard' or 'admin'" }),
  organizationId: optionalId("organizationId"),
  projectId: optionalId("projectId"),
  // Control characters (a pasted CRLF, a NUL) would be sent as a header on every sync and fail it.
  apiKey: safeText({ field: "apiKey", max: 400 })
    .min(10, { error: "apiKey looks too short to be a provider key" })
    .regex(/^\S+$/, { error: "apiKey must not contain spaces" }),
};

/**
 * The common part of a new key (provider from the registry, label, a well-formed key); what else a
 * key of that provider needs is the adapter's `keyInput` (OpenAI: mode and ids; Anthropic: nothing).
 */
export const createKeySchema = z
  .strictObject({
    provider: z.enum(PROVIDER_IDS, {
      error: `provider must be one of: ${PROVIDER_IDS.map((p) => `'${p}'`).join(", ")}`,
    }),
    label: fields.label,
    apiKey: fields.apiKey,
    usageMode: fields.usageMode.optional(),
    organizationId: fields.organizationId,
    projectId: fields.projectId,
  })
  .transform((v, ctx) => {
    const { provider, label, ...rest } = v;
    const parsed = getProviderAdapter(provider).keyInput.safeParse(rest);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return { provider, label, ...parsed.data };
  });

export const updateKeySchema = z
  .strictObject({
    label: fields.label.optional(),
    apiKey: fields.apiKey.optional(),
    usageMode: fields.usageMode.optional(),
    organizationId: fields.organizationId.optional(),
    projectId: fields.projectId.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "nothing to update: send at least one field" });

export type CreateKeyInput = z.infer<typeof createKeySchema>;
export type UpdateKeyInput = z.infer<typeof updateKeySchema>;
