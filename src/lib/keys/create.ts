import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { maskSecret, seal } from "@/lib/crypto/envelope";
import type { CreateKeyInput } from "./schemas";
import { toKeyView } from "./view";

export function sealedColumns(apiKey: string) {
  const sealed = seal(apiKey);
  return {
    ciphertext: sealed.ciphertext,
    iv: sealed.iv,
    authTag: sealed.authTag,
    encryptionKeyVersion: sealed.keyVersion,
    maskedKey: maskSecret(apiKey),
  };
}

export async function createKey(db: Db, userId: string, input: CreateKeyInput) {
  const [row] = await db
    .insert(providerKeys)
    .values({
      userId,
      provider: input.provider,
      label: input.label,
      usageMode: input.usageMode,
      organizationId: input.organizationId,
      projectId: input.projectId,
      ...sealedColumns(input.apiKey),
    })
    .returning();
  return toKeyView(row!);
}
