import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerKeys } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { open } from "@/lib/crypto/envelope";
import { isAppError } from "@/lib/errors";
import { createKey } from "@/lib/keys/create";
import { deleteKey } from "@/lib/keys/delete";
import { getOwnedKeyRow } from "@/lib/keys/get";
import { listKeys } from "@/lib/keys/list";
import { createKeySchema } from "@/lib/keys/schemas";
import { updateKey } from "@/lib/keys/update";
import { eq } from "drizzle-orm";
import { createTestDb, createTestUser } from "./test-db";

const SECRET = "sk-admin-TESTONLYnotarealkey0000000000wxyz";
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const adminInput = createKeySchema.parse({
  provider: "openai",
  label: "Production",
  apiKey: SECRET,
  usageMode: "admin",
  organizationId: "org-abc",
  projectId: "proj_abc",
});

async function expectNotFound(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(err) && err.code).toBe("NOT_FOUND");
}

describe(`provider keys on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("stores the key encrypted and only ever returns the masked form", async () => {
    const user = await createTestUser(handle.db);
    const view = await createKey(handle.db, user.id, adminInput);
    expect(view.maskedKey).toBe("sk-admin-...wxyz");
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(JSON.stringify(view)).not.toContain("ciphertext");

    const [row] = await handle.db.select().from(providerKeys).where(eq(providerKeys.id, view.id));
    expect(row!.ciphertext).not.toContain("TESTONLY");
    expect(row!.iv).toHaveLength(16); // 12 bytes, base64
    expect(open({ ...row!, keyVersion: row!.encryptionKeyVersion })).toBe(SECRET);
    expect(JSON.stringify(await listKeys(handle.db, user.id))).not.toContain(SECRET);
  });

  it("edits label, mode and key, keeping admin ids required", async () => {
    const user = await createTestUser(handle.db);
    const view = await createKey(handle.db, user.id, adminInput);
    const renamed = await updateKey(handle.db, user.id, view.id, { label: "Renamed" });
    expect(renamed.label).toBe("Renamed");
    const err = await updateKey(handle.db, user.id, view.id, { organizationId: null }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe("VALIDATION_FAILED");
    expect(String((err as Error).message)).toContain("organizationId");
    const standard = await updateKey(handle.db, user.id, view.id, {
      usageMode: "standard",
      apiKey: "sk-proj-TESTONLYnotarealkey00000000009999",
    });
    expect(standard.usageMode).toBe("standard");
    expect(standard.maskedKey).toBe("sk-proj-...9999");
  });

  it("rejects another tenant: read, update and delete are 404s and change nothing", async () => {
    const owner = await createTestUser(handle.db, "owner");
    const intruder = await createTestUser(handle.db, "intruder");
    const view = await createKey(handle.db, owner.id, adminInput);
    await expectNotFound(getOwnedKeyRow(handle.db, intruder.id, view.id));
    await expectNotFound(updateKey(handle.db, intruder.id, view.id, { label: "pwned" }));
    await expectNotFound(deleteKey(handle.db, intruder.id, view.id));
    expect(await listKeys(handle.db, intruder.id)).toEqual([]);
    const still = await getOwnedKeyRow(handle.db, owner.id, view.id);
    expect(still.label).toBe("Production");
    await deleteKey(handle.db, owner.id, view.id);
    await expectNotFound(getOwnedKeyRow(handle.db, owner.id, view.id));
  });
});
