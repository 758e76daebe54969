import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, providerKeys } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { listAccounts } from "@/lib/accounts/list";
import { open } from "@/lib/crypto/envelope";
import { isAppError } from "@/lib/errors";
import { createKey } from "@/lib/keys/create";
import { deleteKey } from "@/lib/keys/delete";
import { getKeyRow } from "@/lib/keys/get";
import { listKeys } from "@/lib/keys/list";
import { createKeySchema } from "@/lib/keys/schemas";
import { updateKey } from "@/lib/keys/update";
import { addTestMember, createTestDb, createTestOrg } from "./test-db";

const SECRET = "sk-admin-TESTONLYnotarealkey0000000000wxyz";
const SECOND = "sk-admin-TESTONLYnotarealkey0000000000abcd";
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const adminInput = (apiKey = SECRET, label = "Production", organizationId = "org-abc") =>
  createKeySchema.parse({
    provider: "openai",
    label,
    apiKey,
    usageMode: "admin",
    organizationId,
    projectId: "proj_abc",
  });

async function errorCode(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return isAppError(err) ? err.code : err;
}

describe(`provider keys on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("stores the key encrypted and only ever returns the masked form", async () => {
    const { actor } = await createTestOrg(handle.db);
    const { key: view } = await createKey(handle.db, actor, adminInput());
    expect(view.maskedKey).toBe("sk-admin-...wxyz");
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(JSON.stringify(view)).not.toContain("ciphertext");

    const [row] = await handle.db.select().from(providerKeys).where(eq(providerKeys.id, view.id));
    expect(row!.ciphertext).not.toContain("TESTONLY");
    expect(row!.iv).toHaveLength(16); // 12 bytes, base64
    expect(open({ ...row!, keyVersion: row!.encryptionKeyVersion })).toBe(SECRET);
    expect(row!.createdByUserId).toBe(actor.userId);
    expect(JSON.stringify(await listKeys(handle.db, actor))).not.toContain(SECRET);
    // The audit row says who added which key, and never holds the key itself.
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.orgId, actor.orgId));
    expect(audit.map((a) => a.action)).toEqual(["key.create"]);
    expect(audit[0]).toMatchObject({ actorUserId: actor.userId, targetId: view.id });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it("a second admin key for the same provider organization joins its account; another org gets its own", async () => {
    const { actor } = await createTestOrg(handle.db);
    const first = await createKey(handle.db, actor, adminInput());
    expect(first.account).toMatchObject({ label: "Production", attached: false });
    const second = await createKey(handle.db, actor, adminInput(SECOND, "Rotated"));
    expect(second.account).toEqual({ id: first.account.id, label: "Production", attached: true });
    expect(second.key.accountId).toBe(first.account.id);
    const other = await createKey(handle.db, actor, adminInput(SECOND, "Other org", "org-other"));
    expect(other.account.attached).toBe(false);
    const standard = await createKey(
      handle.db,
      actor,
      createKeySchema.parse({ provider: "openai", label: "Legacy", apiKey: SECOND, usageMode: "standard" }),
    );
    expect(standard.account.attached).toBe(false);

    const accounts = await listAccounts(handle.db, actor);
    expect(accounts.map((a) => [a.label, a.externalId, a.keys.map((k) => k.label)])).toEqual([
      ["Production", "org-abc", ["Production", "Rotated"]],
      ["Other org", "org-other", ["Other org"]],
      ["Legacy", null, ["Legacy"]],
    ]);
    // The same provider organization in ANOTHER CogniTrack organization is a separate account.
    const elsewhere = await createTestOrg(handle.db);
    const theirs = await createKey(handle.db, elsewhere.actor, adminInput());
    expect(theirs.account.attached).toBe(false);
    expect(theirs.account.id).not.toBe(first.account.id);
  });

  it("edits label, mode and key, keeping admin ids required; a new provider org moves the key", async () => {
    const { actor } = await createTestOrg(handle.db);
    const { key: view, account } = await createKey(handle.db, actor, adminInput());
    const renamed = await updateKey(handle.db, actor, view.id, { label: "Renamed" });
    expect(renamed.key.label).toBe("Renamed");
    expect(renamed.account.id).toBe(account.id);
    expect(await errorCode(updateKey(handle.db, actor, view.id, { organizationId: null }))).toBe("VALIDATION_FAILED");
    const standard = await updateKey(handle.db, actor, view.id, {
      usageMode: "standard",
      apiKey: "sk-proj-TESTONLYnotarealkey00000000009999",
    });
    expect(standard.key.usageMode).toBe("standard");
    expect(standard.key.maskedKey).toBe("sk-proj-...9999");
    expect(standard.account.id).not.toBe(account.id);
    expect(standard.key.accountId).toBe(standard.account.id);
    // The old account stays (its history is kept) with no keys left.
    const accounts = await listAccounts(handle.db, actor);
    expect(accounts.find((a) => a.id === account.id)?.keys).toEqual([]);
  });

  it("deleting a key keeps its account; the answer says the history is kept", async () => {
    const { actor } = await createTestOrg(handle.db);
    const a = await createKey(handle.db, actor, adminInput());
    const b = await createKey(handle.db, actor, adminInput(SECOND, "Rotated"));
    expect(await deleteKey(handle.db, actor, a.key.id)).toEqual({
      id: a.key.id,
      deleted: true,
      historyKept: true,
      account: { id: a.account.id, remainingKeys: 1 },
    });
    expect((await listAccounts(handle.db, actor)).map((x) => x.keys.map((k) => k.id))).toEqual([[b.key.id]]);
  });

  it("rejects another tenant: read, update and delete are 404s and change nothing", async () => {
    const owner = await createTestOrg(handle.db, "owner", "owner");
    const intruder = await createTestOrg(handle.db, "owner", "intruder");
    const { key: view } = await createKey(handle.db, owner.actor, adminInput());
    expect(await errorCode(getKeyRow(handle.db, intruder.actor, view.id))).toBe("NOT_FOUND");
    expect(await errorCode(updateKey(handle.db, intruder.actor, view.id, { label: "pwned" }))).toBe("NOT_FOUND");
    expect(await errorCode(deleteKey(handle.db, intruder.actor, view.id))).toBe("NOT_FOUND");
    expect(await listKeys(handle.db, intruder.actor)).toEqual([]);
    const still = await getKeyRow(handle.db, owner.actor, view.id);
    expect(still.label).toBe("Production");
    await deleteKey(handle.db, owner.actor, view.id);
    expect(await errorCode(getKeyRow(handle.db, owner.actor, view.id))).toBe("NOT_FOUND");
  });

  it("viewers see keys but cannot add, edit or delete them (403 naming the role)", async () => {
    const { org, actor: owner } = await createTestOrg(handle.db);
    const { key } = await createKey(handle.db, owner, adminInput());
    const { actor: viewer } = await addTestMember(handle.db, org, "viewer");
    expect((await listKeys(handle.db, viewer)).map((k) => k.id)).toEqual([key.id]);
    for (const attempt of [
      createKey(handle.db, viewer, adminInput(SECOND)),
      updateKey(handle.db, viewer, key.id, { label: "nope" }),
      deleteKey(handle.db, viewer, key.id),
    ]) {
      const err = await attempt.catch((e: unknown) => e);
      expect(isAppError(err) && err.code).toBe("FORBIDDEN");
      expect((err as Error).message).toBe("This needs the admin role; you are a viewer.");
    }
    expect((await getKeyRow(handle.db, owner, key.id)).label).toBe("Production");
    const { actor: admin } = await addTestMember(handle.db, org, "admin");
    expect((await updateKey(handle.db, admin, key.id, { label: "By admin" })).key.label).toBe("By admin");
  });
});
