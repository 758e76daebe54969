import type { Db } from "@/db/types";
import { DecryptionError } from "@/lib/crypto/envelope";
import { getConfig } from "@/lib/env";
import { connectKey } from "@/lib/ingestion/key-source";
import { logger } from "@/lib/logger";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { getOrgKeyRow } from "./get";

export interface KeyTestOutcome {
  ok: boolean;
  message: string;
}

async function runTest(row: Awaited<ReturnType<typeof getOrgKeyRow>>): Promise<KeyTestOutcome> {
  try {
    const result = await connectKey(row, getConfig()).testKey();
    return result.ok ? { ok: true, message: result.detail } : { ok: false, message: result.message };
  } catch (e) {
    if (e instanceof DecryptionError) {
      return { ok: false, message: "The stored key could not be decrypted. Edit the key and paste it again." };
    }
    logger.error("key test failed unexpectedly", { keyId: row.id, error: e });
    return { ok: false, message: "The test could not run because of an unexpected error. Please try again later." };
  }
}

/** One cheap provider read with a stored key. The answer is plain words and never contains the key. */
export async function testProviderKey(
  db: Db,
  actor: ActingAs,
  keyId: string,
  meta: { requestId?: string } = {},
): Promise<KeyTestOutcome> {
  assertCan(actor, "keys:write");
  const row = await getOrgKeyRow(db, actor.orgId, keyId);
  const outcome = await runTest(row);
  await recordAudit(db, {
    orgId: actor.orgId,
    actor,
    action: "key.test",
    targetType: "provider_key",
    targetId: keyId,
    requestId: meta.requestId,
    details: { label: row.label, ok: outcome.ok },
  });
  return outcome;
}
