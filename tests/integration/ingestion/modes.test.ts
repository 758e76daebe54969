import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { computeUsageTotals } from "../../../scripts/emulator/dataset";
import type { DbHandle } from "@/db/types";
import { fetchAndStoreUsageForUser } from "@/lib/ingestion/fetch-and-store";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { createTestDb, createTestUser } from "../test-db";
import { emulatorConfig, snapshotUsage, startTestEmulator, storedTotals, userWithAdminKey, WINDOW } from "./harness";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

describe("standard (legacy /v1/usage) keys", () => {
  it("store one row per model per day matching the project's usage", async () => {
    const cred = emulator.dataset.credentials.find((c) => c.kind === "standard")!;
    const user = await createTestUser(handle.db, "standard");
    await createKey(
      handle.db,
      user.id,
      createKeySchema.parse({ provider: "openai", label: "Project key", usageMode: "standard", apiKey: cred.key }),
    );
    const result = await fetchAndStoreUsageForUser(
      handle.db,
      user.id,
      { ...WINDOW, trigger: "api" },
      { config: emulatorConfig(emulator) },
    );
    expect(result.status).toBe("succeeded");
    expect(result.telemetry.requestsMade).toBe(21);

    const truth = computeUsageTotals(emulator.dataset, { ...WINDOW, by: ["day", "model", "project"] });
    const expected = new Map<string, number>();
    // The emulator's legacy endpoint reports completion operations only.
    for (const g of truth.completions.groups) {
      if (g.project !== cred.projectId) continue;
      const k = `${String(g.day)}|${String(g.model)}`;
      expected.set(k, (expected.get(k) ?? 0) + g.input_tokens);
    }
    const stored = await storedTotals(handle.db, user.id);
    expect(new Map(stored.map((s) => [`${s.day}|${s.model}`, s.input_tokens]))).toEqual(expected);
    expect(stored.every((s) => s.project_id === null && s.api_key_id === null)).toBe(true);
  });
});

describe("schema problems", () => {
  it("falls back to manual dedupe when the unique index is missing, still exactly once", async () => {
    const scratch = await createTestDb();
    try {
      await scratch.db.execute(sql`alter table usage_events drop constraint usage_admin_bucket_idx`);
      const { user } = await userWithAdminKey(scratch.db, emulator);
      const config = emulatorConfig(emulator);
      const first = await fetchAndStoreUsageForUser(scratch.db, user.id, { ...WINDOW, trigger: "api" }, { config });
      expect(first.telemetry.issues.map((i) => i.code)).toContain("INDEX_MISSING_FALLBACK");
      expect(first.telemetry.manualDedupeBatches).toBeGreaterThan(0);
      const once = await snapshotUsage(scratch.db, user.id);
      const second = await fetchAndStoreUsageForUser(scratch.db, user.id, { ...WINDOW, trigger: "api" }, { config });
      expect(second.telemetry.rowsInserted).toBe(0);
      expect(await snapshotUsage(scratch.db, user.id)).toBe(once);

      // Same numbers as the indexed path.
      const { user: indexedUser } = await userWithAdminKey(handle.db, emulator);
      await fetchAndStoreUsageForUser(handle.db, indexedUser.id, { ...WINDOW, trigger: "api" }, { config });
      const strip = (rows: Awaited<ReturnType<typeof storedTotals>>) => rows.map((r) => JSON.stringify(r)).sort();
      expect(strip(await storedTotals(scratch.db, user.id))).toEqual(
        strip(await storedTotals(handle.db, indexedUser.id)),
      );
    } finally {
      await scratch.close();
    }
  });

  it("reports SCHEMA_MISSING naming the migration instead of failing mid-run", async () => {
    const scratch = await createTestDb();
    try {
      const { user } = await userWithAdminKey(scratch.db, emulator);
      await scratch.db.execute(sql`drop table ingestion_runs`);
      const result = await fetchAndStoreUsageForUser(
        scratch.db,
        user.id,
        { ...WINDOW, trigger: "api" },
        { config: emulatorConfig(emulator) },
      );
      expect(result.status).toBe("failed");
      expect(result.telemetry.requestsMade).toBe(0);
      expect(result.telemetry.issues[0]!.code).toBe("SCHEMA_MISSING");
      expect(result.telemetry.issues[0]!.message).toMatch(/ingestion_runs.*db:migrate/);
    } finally {
      await scratch.close();
    }
  });
});
