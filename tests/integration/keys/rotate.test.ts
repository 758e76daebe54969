/**
 * `npm run keys:rotate`: every stored secret moves to the new key, the old key can then go and
 * everything still decrypts; a second run does nothing; an interrupted run continues; a row no
 * configured key opens is reported by id, never by value; rotating signs nobody out.
 */
import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationChannels, providerKeys } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { createSession, sessionFromCookie } from "@/lib/auth/sessions";
import { parseKeyMaterial, resetConfig } from "@/lib/env";
import { open, type KeyRing } from "@/lib/crypto/envelope";
import { decryptKey } from "@/lib/ingestion/key-source";
import { createKey } from "@/lib/keys/create";
import { rotateSealedSecrets } from "@/lib/keys/rotate";
import { formatRotationReport } from "@/lib/keys/rotation-report";
import { SEALED_COLUMNS, type SealedColumn } from "@/lib/keys/sealed-columns";
import { createKeySchema } from "@/lib/keys/schemas";
import { createChannel } from "@/lib/notifications/channels/create";
import { TEST_ENV } from "../setup-env";
import { createTestDb, createTestOrg, createTestUser } from "../test-db";

let handle: DbHandle;
const OLD = TEST_ENV.ENCRYPTION_KEY;
const NEW = randomBytes(32).toString("base64");
const ring = (current: [number, string], ...previous: [number, string][]): KeyRing => ({
  current: { version: current[0], key: parseKeyMaterial(current[1])! },
  previous: previous.map(([version, k]) => ({ version, key: parseKeyMaterial(k)! })),
});
const env = (key: string, version: number, previous = "") => ({
  ...TEST_ENV,
  ENCRYPTION_KEY: key,
  ENCRYPTION_KEY_VERSION: String(version),
  ENCRYPTION_PREVIOUS_KEYS: previous,
});

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  resetConfig(TEST_ENV);
  await handle?.close();
});

/** `n` keys of a new organization, sealed with whatever key the config holds now; their plaintexts. */
async function storeKeys(n: number) {
  const { actor } = await createTestOrg(handle.db, "owner", "rotate");
  const stored: { id: string; apiKey: string }[] = [];
  for (let i = 0; i < n; i++) {
    const apiKey = `sk-proj-rotate${randomBytes(12).toString("hex")}`;
    const { key } = await createKey(
      handle.db,
      actor,
      createKeySchema.parse({ provider: "openai", label: `Rotate ${i}`, usageMode: "standard", apiKey }),
    );
    stored.push({ id: key.id, apiKey });
  }
  return stored;
}

const rowsOf = (ids: string[]) => handle.db.select().from(providerKeys).where(inArray(providerKeys.id, ids));

describe("key rotation", () => {
  it("re-seals every secret with the new key; without the old key everything still decrypts; a rerun does nothing", async () => {
    resetConfig(TEST_ENV);
    const stored = await storeKeys(3);
    const ids = stored.map((s) => s.id);
    // A row sealed with a key nobody configured: reported by id, left as it is.
    const [lost] = await storeKeys(1);
    await handle.db.update(providerKeys).set({ encryptionKeyVersion: 7 }).where(eq(providerKeys.id, lost!.id));

    const report = await rotateSealedSecrets(handle.db, ring([2, NEW], [1, OLD]), { batchSize: 2 });
    expect(report.columns[0]).toMatchObject({ name: "provider keys", resealed: 3, skipped: 0 });
    expect(report.columns[0]!.failed.map((f) => [f.id, f.keyVersion])).toEqual([[lost!.id, 7]]);
    expect(report.rowsByVersion).toEqual({ 2: 3, 7: 1 });
    expect(report.previousNoLongerNeeded).toEqual([1]);
    expect(report.previousStillNeeded).toEqual([]);

    // The old key is gone from the configuration: every rotated key still opens, to its own plaintext.
    resetConfig(env(NEW, 2));
    const rows = await rowsOf(ids);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.encryptionKeyVersion).toBe(2);
      expect(decryptKey(row)).toBe(stored.find((s) => s.id === row.id)!.apiKey);
    }

    const text = formatRotationReport(report);
    expect(text).toMatch(/provider keys: 3 re-encrypted/);
    expect(text).toMatch(/previous key version\(s\) 1 any more/);
    for (const s of [...stored, lost!]) expect(text).not.toContain(s.apiKey);
    for (const row of rows) expect(text).not.toContain(row.ciphertext);

    const again = await rotateSealedSecrets(handle.db, ring([2, NEW], [1, OLD]));
    expect(again.columns[0]).toMatchObject({ resealed: 0, skipped: 0 });
    expect((await rowsOf(ids)).map((r) => r.ciphertext).sort()).toEqual(rows.map((r) => r.ciphertext).sort());
    await handle.db.delete(providerKeys).where(eq(providerKeys.id, lost!.id));
  });

  it("continues where an interrupted run stopped", async () => {
    resetConfig(env(NEW, 2));
    const stored = await storeKeys(4);
    const ids = stored.map((s) => s.id);
    const third = ring([3, randomBytes(32).toString("base64")], [2, NEW]);
    let writes = 0;
    const real = SEALED_COLUMNS[0]!;
    const crashing: SealedColumn = {
      ...real,
      replace: async (...args) => {
        if (++writes > 2) throw new Error("power cut");
        return real.replace(...args);
      },
    };
    await expect(rotateSealedSecrets(handle.db, third, { columns: [crashing], batchSize: 1 })).rejects.toThrow(
      "power cut",
    );
    // Two rows were rewritten before the crash (any two: the run goes over every stored key in id order).
    const everyKey = await handle.db.select().from(providerKeys);
    expect(everyKey.filter((r) => r.encryptionKeyVersion === 3)).toHaveLength(2);
    expect(everyKey.length).toBeGreaterThan(2);

    const resumed = await rotateSealedSecrets(handle.db, third);
    expect(resumed.previousStillNeeded).toEqual([]);
    const rows = await rowsOf(ids);
    expect(rows.map((r) => r.encryptionKeyVersion)).toEqual([3, 3, 3, 3]);
    resetConfig({ ...env(third.current.key.toString("base64"), 3) });
    for (const row of rows) expect(decryptKey(row)).toBe(stored.find((s) => s.id === row.id)!.apiKey);
  });

  it("re-seals webhook signing secrets too, each still opening to the secret shown at creation", async () => {
    resetConfig(TEST_ENV);
    const { actor } = await createTestOrg(handle.db, "owner", "rotate-channels");
    const { channel } = await createChannel(handle.db, actor, {
      type: "webhook",
      name: "Rotated hook",
      url: "https://hooks.example.com/cognitrack",
    });
    expect(channel.signingSecret).toMatch(/^whsec_/);
    const fourth = ring([4, randomBytes(32).toString("base64")], [1, OLD], [2, NEW], [3, NEW]);
    const report = await rotateSealedSecrets(handle.db, fourth);
    const channels = report.columns.find((c) => c.name === "channel signing secrets")!;
    expect(channels.resealed).toBeGreaterThanOrEqual(1);
    expect(formatRotationReport(report)).not.toContain(channel.signingSecret!);
    const [row] = await handle.db.select().from(notificationChannels).where(eq(notificationChannels.id, channel.id));
    expect(row!.secretKeyVersion).toBe(4);
    const sealed = {
      ciphertext: row!.secretCiphertext!,
      iv: row!.secretIv!,
      authTag: row!.secretAuthTag!,
      keyVersion: 4,
    };
    expect(open(sealed, ring([4, fourth.current.key.toString("base64")]))).toBe(channel.signingSecret);
  });

  it("signs nobody out: a session signed with the previous key stays valid while that key is listed", async () => {
    resetConfig(TEST_ENV);
    const user = await createTestUser(handle.db, "rotate-session");
    const { cookieValue } = await createSession(handle.db, user.id);

    resetConfig(env(NEW, 2, `1:${OLD}`));
    expect((await sessionFromCookie(handle.db, cookieValue))?.user.id).toBe(user.id);
    // Removing the old key is the deliberate act that ends those sessions.
    resetConfig(env(NEW, 2));
    expect(await sessionFromCookie(handle.db, cookieValue)).toBeNull();
  });
});
