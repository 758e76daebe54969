/**
 * AES-256-GCM for provider keys at rest. Each value gets a fresh random 12-byte IV; the row keeps
 * the version of the key that sealed it, so ENCRYPTION_KEY can rotate while old rows still open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { EncryptionKey } from "@/lib/env";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";

export interface SealedValue {
  ciphertext: string;
  iv: string;
  authTag: string;
  keyVersion: number;
}

export interface KeyRing {
  current: EncryptionKey;
  previous: EncryptionKey[];
}

export function keyRingFromConfig(): KeyRing {
  const { current, previous } = getConfig().encryption;
  if (!current) throw new AppError("CONFIG_INVALID", "ENCRYPTION_KEY is not configured.");
  return { current, previous };
}

export function seal(plaintext: string, ring: KeyRing = keyRingFromConfig()): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    ciphertext: ciphertext.toString("base64"),
    iv: iv.toString("base64"),
    authTag: cipher.getAuthTag().toString("base64"),
    keyVersion: ring.current.version,
  };
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

export function open(sealed: SealedValue, ring: KeyRing = keyRingFromConfig()): string {
  const key = [ring.current, ...ring.previous].find((k) => k.version === sealed.keyVersion);
  if (!key) {
    throw new DecryptionError(
      `This value was encrypted with key version ${sealed.keyVersion}, which is not configured (add it to ENCRYPTION_PREVIOUS_KEYS).`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(sealed.iv, "base64"));
    decipher.setAuthTag(Buffer.from(sealed.authTag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new DecryptionError(
      `The stored value could not be decrypted with key version ${sealed.keyVersion}: the key is wrong or the value was altered.`,
    );
  }
}

/** `sk-...abcd`: enough to recognise a key, never enough to use it. */
export function maskSecret(secret: string): string {
  const s = secret.trim();
  const prefix = s.match(/^(sk-(?:admin-|proj-|ant-(?:admin\d*-|api\d*-)?|svcacct-)?)/)?.[1] ?? s.slice(0, 3);
  return `${prefix}...${s.slice(-4)}`;
}
