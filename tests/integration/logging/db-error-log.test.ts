/**
 * Real failing writes on provider_keys, logged the way a route logs them: the line names the
 * SQLSTATE, table and constraint, and holds none of the key material drizzle and the driver carry.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerKeys } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { errorResponse } from "@/lib/http/errors";
import { createKey, sealedColumns } from "@/lib/keys/create";
import { configureLogger, logger } from "@/lib/logger";
import { createTestDb, createTestOrg } from "../test-db";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
const PLAINTEXT = "sk-admin-TESTONLYlogscan0000000000qrst";
let handle: DbHandle;
const lines: string[] = [];

beforeAll(async () => {
  handle = await createTestDb();
  configureLogger({ level: "debug", sink: (l) => lines.push(l) });
});
afterAll(async () => {
  configureLogger({ level: "warn" });
  await handle?.close();
});

/** Runs a failing insert and logs its error through the route error mapping and the logger. */
async function logFailedInsert(values: Partial<typeof providerKeys.$inferInsert>) {
  const sealed = sealedColumns(PLAINTEXT);
  const error = await handle.db
    .insert(providerKeys)
    .values({ provider: "openai", label: "dup", usageMode: "standard", ...sealed, ...values } as never)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(Error);
  lines.length = 0;
  const response = errorResponse(error, "req-log-test");
  logger.error("insert failed", { error, attempt: { error } });
  expect(lines).toHaveLength(2);
  return { sealed, log: lines.join("\n"), entries: lines.map((l) => JSON.parse(l)), response };
}

function expectNoKeyMaterial(log: string, sealed: ReturnType<typeof sealedColumns>) {
  for (const secret of [PLAINTEXT, sealed.ciphertext, sealed.iv, sealed.authTag, "TESTONLY"]) {
    expect(log).not.toContain(secret);
  }
  expect(log).not.toMatch(/params|Failed query|Key \(/);
}

describe(`database errors in the log on ${DB}`, () => {
  it("a unique violation on provider_keys logs 23505, the table and the constraint, and no ciphertext, IV, tag or key", async () => {
    const { actor } = await createTestOrg(handle.db, "owner", "logscan");
    const { key: existing } = await createKey(handle.db, actor, {
      provider: "openai",
      label: "first",
      apiKey: "sk-admin-TESTONLYfirstkey0000000000abcd",
      usageMode: "standard",
      organizationId: null,
      projectId: null,
    });
    const { sealed, log, entries, response } = await logFailedInsert({
      id: existing.id,
      orgId: actor.orgId,
      accountId: existing.accountId,
    });
    expectNoKeyMaterial(log, sealed);
    for (const entry of [entries[0].error, entries[1].error, entries[1].attempt.error]) {
      expect(entry).toMatchObject({
        name: "DatabaseError",
        code: "23505",
        condition: "unique_violation",
        table: "provider_keys",
        constraint: "provider_keys_pkey",
      });
    }
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toMatch(/provider_keys|23505|TESTONLY/);
  });

  it("a foreign-key violation logs 23503 without the detail that echoes the value", async () => {
    const { actor } = await createTestOrg(handle.db, "owner", "logscan-fk");
    const { sealed, log, entries } = await logFailedInsert({ orgId: actor.orgId, accountId: randomUUID() });
    expectNoKeyMaterial(log, sealed);
    expect(entries[1].error).toMatchObject({
      code: "23503",
      condition: "foreign_key_violation",
      table: "provider_keys",
      constraint: "provider_keys_account_fk",
    });
    expect(log).not.toContain("is not present");
  });
});
