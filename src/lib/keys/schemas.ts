import { z } from "zod";
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

function requireAdminIds(
  v: { usageMode?: string; organizationId?: string | null; projectId?: string | null },
  ctx: z.RefinementCtx,
) {
  if (v.usageMode !== "admin") return;
  const missing = [!v.organizationId && "organizationId", !v.projectId && "projectId"].filter(Boolean);
  if (missing.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: [missing[0] as string],
      message: `admin mode needs ${missing.join(" and ")} (the OpenAI organization and project the admin key reports on)`,
    });
  }
}

export const createKeySchema = z
  .strictObject({
    provider: z.literal("openai", {
      error: "provider must be 'openai' (Anthropic keys are not supported yet)",
    }),
    label: fields.label,
    apiKey: fields.apiKey,
    usageMode: fields.usageMode.default("standard"),
    organizationId: fields.organizationId,
    projectId: fields.projectId,
  })
  .superRefine(requireAdminIds);

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
export { requireAdminIds };
