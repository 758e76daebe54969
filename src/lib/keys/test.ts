import type { Db } from "@/db/types";
import { DecryptionError } from "@/lib/crypto/envelope";
import { getConfig } from "@/lib/env";
import { decryptKey } from "@/lib/ingestion/key-source";
import { openAIClientFor } from "@/lib/ingestion/openai-source";
import { logger } from "@/lib/logger";
import { testOpenAIKey } from "@/lib/providers/openai/test-key";
import { getOwnedKeyRow } from "./get";

export interface KeyTestOutcome {
  ok: boolean;
  message: string;
}

/** One cheap provider read with a stored key. The answer is plain words and never contains the key. */
export async function testProviderKey(db: Db, userId: string, keyId: string): Promise<KeyTestOutcome> {
  const row = await getOwnedKeyRow(db, userId, keyId);
  if (row.provider !== "openai") {
    return { ok: false, message: `${row.provider} keys cannot be tested yet.` };
  }
  try {
    const client = openAIClientFor(row, decryptKey(row), getConfig(), {});
    const result = await testOpenAIKey(client, row.usageMode);
    return result.ok ? { ok: true, message: result.detail } : { ok: false, message: result.message };
  } catch (e) {
    if (e instanceof DecryptionError) {
      return { ok: false, message: "The stored key could not be decrypted. Edit the key and paste it again." };
    }
    logger.error("key test failed unexpectedly", { keyId: row.id, error: e });
    return { ok: false, message: "The test could not run because of an unexpected error. Please try again later." };
  }
}
