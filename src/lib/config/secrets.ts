/** Checks of secrets and keys given in the environment, in plain words. */
import { createPublicKey } from "node:crypto";
import { CRON_SECRET_EXAMPLE } from "./schema";

const PLACEHOLDER_SECRETS = new Set([
  "changeme",
  "change-me",
  "undefined",
  "null",
  "secret",
  "password",
  "replace-me",
  "your-cron-secret",
  "replace-with-a-long-random-string-of-at-least-32-characters",
]);

/** Accepts 32 bytes given as 64 hex characters or as base64; anything else is null. */
export function parseKeyMaterial(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) {
    const buf = Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (buf.length === 32) return buf;
  }
  return null;
}

/** A bearer secret (CRON_SECRET, METRICS_TOKEN): set, not a placeholder, at least 32 characters. */
export function bearerSecretProblem(name: string, secret: string | undefined): string | null {
  if (!secret) return `${name} is not set.`;
  if (PLACEHOLDER_SECRETS.has(secret.toLowerCase()) || secret === CRON_SECRET_EXAMPLE)
    return `${name} is a placeholder value; generate one with \`openssl rand -hex 32\`.`;
  if (secret.length < 32) return `${name} is ${secret.length} characters; use at least 32.`;
  return null;
}

export const cronSecretProblem = (secret: string | undefined) => bearerSecretProblem("CRON_SECRET", secret);

/**
 * CLERK_JWT_KEY as Clerk's dashboard shows it (PEM, "-----BEGIN PUBLIC KEY-----"), or on one line
 * with `\n` escapes as .env files often hold it. Clerk reads only RSA 2048 keys from PEM, so
 * anything else is a configuration mistake worth naming at start, not a 401 on every request.
 */
export function parseClerkJwtKey(value: string): { pem: string } | { problem: string } {
  const pem = value.replace(/\\n/g, "\n").trim();
  const problem = "CLERK_JWT_KEY must be the PEM public key from Clerk's dashboard (RSA, -----BEGIN PUBLIC KEY-----).";
  if (!pem.startsWith("-----BEGIN PUBLIC KEY-----")) return { problem };
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== "rsa" || key.asymmetricKeyDetails?.modulusLength !== 2048) return { problem };
  } catch {
    return { problem };
  }
  return { pem: `${pem}\n` };
}
