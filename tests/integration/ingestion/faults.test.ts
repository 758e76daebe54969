import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle, FaultMode } from "../../../scripts/emulator/server";
import type { DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { getOrgKeyRow } from "@/lib/keys/get";
import { configureLogger } from "@/lib/logger";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { createTestDb } from "../test-db";
import { adminCredential, emulatorConfig, orgWithAdminKey, snapshotUsage, startTestEmulator, WINDOW } from "./harness";

let handle: DbHandle;
let emulator: EmulatorHandle;
const logLines: string[] = [];

beforeAll(async () => {
  handle = await createTestDb();
  // Two provider organizations: the faulty key reads the second, so it is an account of its own.
  emulator = await startTestEmulator({ maxResultsPerPage: 200, organizations: 2 });
  configureLogger({ level: "debug", sink: (l) => logLines.push(l) });
});
afterAll(async () => {
  configureLogger({ level: "warn", sink: (l) => process.stderr.write(l + "\n") });
  await emulator?.close();
  await handle?.close();
});

let n = 0;
/**
 * An organization with a good key for one provider account and, for a second account (another
 * provider organization), a key that always fails with `fault`.
 */
async function orgWithFaultyKey(fault: FaultMode) {
  const cred = adminCredential(emulator, 1);
  const faultyKey = `sk-admin-emufault${fault.replace(/_/g, "")}${n++}TESTONLYxxxxxxxx`;
  emulator.registerKey({ key: faultyKey, kind: "admin", fault, org: cred.organizationId });
  const { orgId, actor, key: good } = await orgWithAdminKey(handle.db, emulator, undefined, "Good key");
  const { key: bad } = await createKey(
    handle.db,
    actor,
    createKeySchema.parse({
      provider: "openai",
      label: `Faulty ${fault}`,
      usageMode: "admin",
      ...cred,
      apiKey: faultyKey,
    }),
  );
  return { orgId, good, bad, faultyKey };
}

const CASES: [FaultMode, string, Record<string, string>?][] = [
  ["rate_limit", "RATE_LIMITED"],
  ["server_error", "UPSTREAM_ERROR"],
  ["unavailable", "UPSTREAM_ERROR"],
  ["malformed_json", "MALFORMED_RESPONSE"],
  ["truncated", "MALFORMED_RESPONSE"],
  ["foreign_next_page", "UNSAFE_NEXT_PAGE"],
  ["forbidden", "PERMISSION_DENIED"],
  ["unauthorized", "AUTH_FAILED"],
  ["slow", "TIMEOUT", { PROVIDER_REQUEST_TIMEOUT_MS: "300" }],
];

describe("every fault mode ends that account's key with the right issue code; the other account still ingests", () => {
  it.each(CASES)("%s -> %s", async (fault, code, overrides) => {
    if (fault === "slow") emulator.clearFaults();
    const { orgId, good, bad, faultyKey } = await orgWithFaultyKey(fault);
    if (fault === "slow") emulator.setFaults([{ key: faultyKey, fault: "slow", delayMs: 1500 }]);
    const requested: string[] = [];
    const spyFetch: typeof fetch = (input, init) => {
      requested.push(String(input));
      return fetch(input, init);
    };
    const config = emulatorConfig(emulator, overrides);
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "api" },
      { config, fetch: spyFetch },
    );

    expect(result.status).toBe("partial");
    expect(result.telemetry.keysProcessed).toBe(1);
    expect(result.telemetry.keysFailed).toBe(1);
    expect(result.telemetry.issues.map((i) => i.code)).toEqual([code]);
    expect(result.telemetry.issues[0]!.keys).toEqual([`Faulty ${fault}`]);
    expect((await getOrgKeyRow(handle.db, orgId, good.id)).lastSyncStatus).toBe("ok");
    const badRow = await getOrgKeyRow(handle.db, orgId, bad.id);
    expect(["failed", "partial"]).toContain(badRow.lastSyncStatus);
    expect(badRow.lastSyncMessage).toBeTruthy();

    // Never the key, anywhere a person or a log could see it.
    for (const text of [JSON.stringify(result), badRow.lastSyncMessage ?? "", logLines.join("\n")]) {
      expect(text).not.toContain(faultyKey);
      expect(text).not.toContain(adminCredential(emulator).apiKey);
      expect(text).not.toContain(adminCredential(emulator, 1).apiKey);
    }
    if (fault === "foreign_next_page") {
      // Both keys' pages were requested, and not one request left the emulator's origin.
      expect(requested.length).toBeGreaterThan(1);
      expect(requested.filter((u) => !u.startsWith(emulator.origin))).toEqual([]);
    }
    // A re-run after the fault clears fills in without duplicates.
    emulator.clearFaults(faultyKey);
    emulator.registerKey({ key: faultyKey, kind: "admin", org: adminCredential(emulator, 1).organizationId });
    await fetchAndStoreUsageForOrg(handle.db, orgId, { ...WINDOW, trigger: "api" }, { config });
    const once = await snapshotUsage(handle.db, orgId);
    await fetchAndStoreUsageForOrg(handle.db, orgId, { ...WINDOW, trigger: "api" }, { config });
    expect(await snapshotUsage(handle.db, orgId)).toBe(once);
  });

  it("a 429 that clears on retry is absorbed and counted as a retry", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    emulator.addFault({ key: adminCredential(emulator).apiKey, fault: "rate_limit", count: 2, retryAfterSeconds: 0 });
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "api" },
      { config: emulatorConfig(emulator) },
    );
    expect(result.status).toBe("succeeded");
    expect(result.telemetry.retries).toBe(2);
    expect(result.telemetry.issues).toEqual([]);
  });

  it("with ENABLE_SIMULATED_USAGE a key without usage permission gets flagged simulated rows", async () => {
    const { orgId, bad } = await orgWithFaultyKey("forbidden");
    const config = emulatorConfig(emulator, { ENABLE_SIMULATED_USAGE: "true" });
    const result = await fetchAndStoreUsageForOrg(handle.db, orgId, { ...WINDOW, trigger: "api" }, { config });
    expect(result.telemetry.keysSimulated).toBe(1);
    expect(result.telemetry.issues.map((i) => i.code)).toEqual(["SIMULATED_USAGE"]);
    expect((await getOrgKeyRow(handle.db, orgId, bad.id)).lastSyncStatus).toBe("simulated");
    const rows = JSON.parse(await snapshotUsage(handle.db, orgId)) as { account_id: string; simulated: boolean }[];
    const badRows = rows.filter((r) => r.account_id === bad.accountId);
    const goodRows = rows.filter((r) => r.account_id !== bad.accountId);
    expect(badRows.length).toBeGreaterThan(0);
    expect(goodRows.length).toBeGreaterThan(0);
    expect(badRows.filter((r) => !r.simulated)).toEqual([]);
    expect(goodRows.filter((r) => r.simulated)).toEqual([]);
  });
});
