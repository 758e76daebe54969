import { createHash } from "node:crypto";
import { z } from "zod";

/** The pasted key: the same checks for every provider (the prefix check is each provider's). */
export const apiKeyField = z
  .string({ error: "apiKey is required" })
  .trim()
  .min(10, { error: "apiKey looks too short to be a provider key" })
  .max(400, { error: "apiKey must be at most 400 characters" })
  .regex(/^\S+$/, { error: "apiKey must not contain spaces" });

export const optionalIdField = (name: string) =>
  z
    .string({ error: `${name} must be a string` })
    .trim()
    .max(200, { error: `${name} must be at most 200 characters` })
    .nullish()
    .transform((v) => (v ? v : null));

/** Rate limits follow the credential, not our row: two users sharing one key share its pacing. */
export function credentialIdFor(apiKey: string): string {
  return `cred_${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}`;
}
