/**
 * Random bearer secrets (API tokens, invitation links). Only `hashSecret(secret)` is stored: a
 * leaked table cannot be replayed. SHA-256 without salt is enough because the secret itself has
 * 256 random bits; slow KDFs are for passwords people choose.
 */
import { createHash, randomBytes } from "node:crypto";

export const SECRET_BYTES = 32;

/** `prefix` + 32 random bytes as base64url (43 characters). */
export function newSecret(prefix = ""): string {
  return prefix + randomBytes(SECRET_BYTES).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
