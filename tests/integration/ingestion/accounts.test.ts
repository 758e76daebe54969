/**
 * Usage belongs to provider accounts: two keys of one provider organization count its usage once,
 * deleting a key keeps the history, deleting the account removes it, and a broken key hands over
 * to the account's next key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import type { DbHandle } from "@/db/types";
import { deleteAccount } from "@/lib/accounts/delete";
import { getUsageTotals } from "@/lib/analytics";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { createKey } from "@/lib/keys/create";
import { deleteKey } from "@/lib/keys/delete";
import { getOrgKeyRow } from "@/lib/keys/get";
import { createKeySchema } from "@/lib/keys/schemas";
import { configureLogger } from "@/lib/logger";
import { createTestDb } from "../test-db";
import { adminCredential, emulatorConfig, orgWithAdminKey, startTestEmulator, storedTotals, WINDOW } from "./harness";

let handle: DbHandle;
let emulator: EmulatorHandle;
/** One organization with one key: what the window holds, counted once. */
let reference: { totals: Awaited<ReturnType<typeof getUsageTotals>>; rows: string[] };

const range = { start: WINDOW.start, end: WINDOW.end };
const ingest = (orgId: string) =>
  fetchAndStoreUsageForOrg(handle.db, orgId, { ...WINDOW, trigger: "api" }, { config: emulatorConfig(emulator) });
const rowsOf = async (orgId: string) => (await storedTotals(handle.db, orgId)).map((r) => JSON.stringify(r)).sort();

beforeAll(async () => {
  configureLogger({ level: "error" });
  handle = await createTestDb();
  emulator = await startTestEmulator();
  const single = await orgWithAdminKey(handle.db, emulator);
  expect((await ingest(single.orgId)).status).toBe("succeeded");
  reference = { totals: await getUsageTotals(handle.db, single.orgId, range), rows: await rowsOf(single.orgId) };
});
afterAll(async () => {
  configureLogger({ level: "warn" });
  await emulator?.close();
  await handle?.close();
});

async function orgWithTwoKeys(secondKey?: string) {
  const first = await orgWithAdminKey(handle.db, emulator, undefined, "First key");
  const second = await createKey(
    handle.db,
    first.actor,
    createKeySchema.parse({
      provider: "openai",
      label: "Second key",
      usageMode: "admin",
      ...adminCredential(emulator),
      ...(secondKey ? { apiKey: secondKey } : {}),
    }),
  );
  return { ...first, second: second.key, account: second.account };
}

describe("two keys of one provider organization", () => {
  it("ingest the window once: totals equal one key's, and the second key was never needed", async () => {
    expect(reference.totals.current.requests).toBeGreaterThan(0);
    const { orgId, key, second, account } = await orgWithTwoKeys();
    expect(account).toMatchObject({ id: key.accountId, attached: true });
    const result = await ingest(orgId);
    expect(result.status).toBe("succeeded");
    expect(result.telemetry.keysProcessed).toBe(1);
    expect((await getUsageTotals(handle.db, orgId, range)).current).toEqual(reference.totals.current);
    expect(await rowsOf(orgId)).toEqual(reference.rows);
    expect((await getOrgKeyRow(handle.db, orgId, second.id)).lastSyncStatus).toBe("never");
    // Running it again changes nothing.
    const again = await ingest(orgId);
    expect(again.telemetry.rowsInserted + again.telemetry.rowsUpdated).toBe(0);
  });

  it("deleting either key keeps the totals; deleting the account deletes the data", async () => {
    for (const which of ["key", "second"] as const) {
      const org = await orgWithTwoKeys();
      await ingest(org.orgId);
      await deleteKey(handle.db, org.actor, org[which].id);
      expect((await getUsageTotals(handle.db, org.orgId, range)).current).toEqual(reference.totals.current);
      // The remaining key keeps syncing into the same account, still counted once.
      await ingest(org.orgId);
      expect((await getUsageTotals(handle.db, org.orgId, range)).current).toEqual(reference.totals.current);
      if (which === "second") {
        await deleteAccount(handle.db, org.actor, org.account.id, { confirm: "First key" });
        expect(await rowsOf(org.orgId)).toEqual([]);
        expect((await getUsageTotals(handle.db, org.orgId, range)).current.requests).toBe(0);
      }
    }
  });

  it("a key the provider refuses hands over to the account's next key", async () => {
    const revoked = "sk-admin-emufaultrevokedTESTONLYxxxxxxxx";
    emulator.registerKey({ key: revoked, kind: "admin", fault: "unauthorized" });
    // The revoked key is added first, so it is tried first.
    const {
      orgId,
      key: bad,
      second: good,
    } = await (async () => {
      const org = await orgWithAdminKey(handle.db, emulator, revoked, "Revoked key");
      const { key } = await createKey(
        handle.db,
        org.actor,
        createKeySchema.parse({
          provider: "openai",
          label: "Good key",
          usageMode: "admin",
          ...adminCredential(emulator),
        }),
      );
      return { ...org, second: key };
    })();
    const result = await ingest(orgId);
    expect(result.status).toBe("succeeded");
    expect(result.telemetry.keysProcessed).toBe(1);
    expect(result.telemetry.keysFailed).toBe(0);
    expect(result.telemetry.issues.map((i) => [i.code, i.keys])).toEqual([["AUTH_FAILED", ["Revoked key"]]]);
    expect(result.telemetry.issues[0]!.message).toMatch(/Another key of the same account was used instead/);
    expect((await getOrgKeyRow(handle.db, orgId, bad.id)).lastSyncStatus).toBe("failed");
    expect((await getOrgKeyRow(handle.db, orgId, good.id)).lastSyncStatus).toBe("ok");
    expect(await rowsOf(orgId)).toEqual(reference.rows);
    expect(JSON.stringify(result)).not.toContain(revoked);
  });
});
