import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle, FaultMode } from "../../../scripts/emulator/server";
import type { DbHandle } from "@/db/types";
import { fetchAndStoreUsageForUser } from "@/lib/ingestion/fetch-and-store";
import { getOwnedKeyRow } from "@/lib/keys/get";
import { configureLogger } from "@/lib/logger";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { createTestDb } from "../test-db";
import { adminCredential, emulatorConfig, snapshotUsage, startTestEmulator, userWithAdminKey, WINDOW } from "./harness";

let handle: DbHandle;
let emulator: EmulatorHandle;
const logLines: string[] = [];

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startTestEmulator({ maxResultsPerPage: 200 });
  configureLogger({ level: "debug", sink: (l) => logLines.push(l) });
});
afterAll(async () => {
  configureLogger({ level: "warn", sink: (l) => process.stderr.write(l + "\n") });
  await emulator?.close();
  await handle?.close();
});

let n = 0;
/** A user with a good key first and a key that always fails with `fault` second. */
async function userWithFaultyKey(fault: FaultMode) {
  const faultyKey = `sk-admin-emufault${fault.replace(/_/g, "")}${n++}TESTONLYxxxxxxxx`;
  emulator.registerKey({ key: faultyKey, kind: "admin", fault });
  const { user, key: good } = await userWithAdminKey(handle.db, emulator, undefined, "Good key");
  const cred = adminCredential(emulator);
  const bad = await createKey(
    handle.db,
    user.id,
    createKeySchema.parse({
      provider: "openai",
      label: `Faulty ${fault}`,
      usageMode: "admin",
      ...cred,
      apiKey: faultyKey,
    }),
  );
  return { user, good, bad, faultyKey };
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

describe("every fault mode ends that key with the right issue code; the other key still ingests", () => {
  it.each(CASES)("%s -> %s", async (fault, code, overrides) => {
    if (fault === "slow") emulator.clearFaults();
    const { user, good, bad, faultyKey } = await userWithFaultyKey(fault);
    if (fault === "slow") emulator.setFaults([{ key: faultyKey, fault: "slow", delayMs: 1500 }]);
    const requested: string[] = [];
    const spyFetch: typeof fetch = (input, init) => {
      requested.push(String(input));
      return fetch(input, init);
    };
    const config = emulatorConfig(emulator, overrides);
    const result = await fetchAndStoreUsageForUser(
      handle.db,
      user.id,
      { ...WINDOW, trigger: "api" },
      { config, fetch: spyFetch },
    );

    expect(result.status).toBe("partial");
    expect(result.telemetry.keysProcessed).toBe(1);
    expect(result.telemetry.keysFailed).toBe(1);
    expect(result.telemetry.issues.map((i) => i.code)).toEqual([code]);
    expect(result.telemetry.issues[0]!.keys).toEqual([`Faulty ${fault}`]);
    expect((await getOwnedKeyRow(handle.db, user.id, good.id)).lastSyncStatus).toBe("ok");
    const badRow = await getOwnedKeyRow(handle.db, user.id, bad.id);
    expect(["failed", "partial"]).toContain(badRow.lastSyncStatus);
    expect(badRow.lastSyncMessage).toBeTruthy();

    // Never the key, anywhere a person or a log could see it.
    for (const text of [JSON.stringify(result), badRow.lastSyncMessage ?? "", logLines.join("\n")]) {
      expect(text).not.toContain(faultyKey);
      expect(text).not.toContain(adminCredential(emulator).apiKey);
    }
    if (fault === "foreign_next_page") {
      // Both keys' pages were requested, and not one request left the emulator's origin.
      expect(requested.length).toBeGreaterThan(1);
      expect(requested.filter((u) => !u.startsWith(emulator.origin))).toEqual([]);
    }
    // A re-run after the fault clears fills in without duplicates.
    emulator.clearFaults(faultyKey);
    emulator.registerKey({ key: faultyKey, kind: "admin" });
    await fetchAndStoreUsageForUser(handle.db, user.id, { ...WINDOW, trigger: "api" }, { config });
    const once = await snapshotUsage(handle.db, user.id);
    await fetchAndStoreUsageForUser(handle.db, user.id, { ...WINDOW, trigger: "api" }, { config });
    expect(await snapshotUsage(handle.db, user.id)).toBe(once);
  });

  it("a 429 that clears on retry is absorbed and counted as a retry", async () => {
    const { user } = await userWithAdminKey(handle.db, emulator);
    emulator.addFault({ key: adminCredential(emulator).apiKey, fault: "rate_limit", count: 2, retryAfterSeconds: 0 });
    const result = await fetchAndStoreUsageForUser(
      handle.db,
      user.id,
      { ...WINDOW, trigger: "api" },
      { config: emulatorConfig(emulator) },
    );
    expect(result.status).toBe("succeeded");
    expect(result.telemetry.retries).toBe(2);
    expect(result.telemetry.issues).toEqual([]);
  });

  it("with ENABLE_SIMULATED_USAGE a key without usage permission gets flagged simulated rows", async () => {
    const { user, bad } = await userWithFaultyKey("forbidden");
    const config = emulatorConfig(emulator, { ENABLE_SIMULATED_USAGE: "true" });
    const result = await fetchAndStoreUsageForUser(handle.db, user.id, { ...WINDOW, trigger: "api" }, { config });
    expect(result.telemetry.keysSimulated).toBe(1);
    expect(result.telemetry.issues.map((i) => i.code)).toEqual(["SIMULATED_USAGE"]);
    expect((await getOwnedKeyRow(handle.db, user.id, bad.id)).lastSyncStatus).toBe("simulated");
    const rows = JSON.parse(await snapshotUsage(handle.db, user.id)) as { key_id: string; simulated: boolean }[];
    const badRows = rows.filter((r) => r.key_id === bad.id);
    const goodRows = rows.filter((r) => r.key_id !== bad.id);
    expect(badRows.length).toBeGreaterThan(0);
    expect(goodRows.length).toBeGreaterThan(0);
    expect(badRows.filter((r) => !r.simulated)).toEqual([]);
    expect(goodRows.filter((r) => r.simulated)).toEqual([]);
  });
});
