import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { computeUsageTotals } from "../../../scripts/emulator/dataset";
import type { DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { createTestDb, createTestOrg } from "../test-db";
import { emulatorConfig, snapshotUsage, startTestEmulator, storedTotals, orgWithAdminKey, WINDOW } from "./harness";

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
    const { orgId, actor } = await createTestOrg(handle.db, "owner", "standard");
    await createKey(
      handle.db,
      actor,
      createKeySchema.parse({ provider: "openai", label: "Project key", usageMode: "standard", apiKey: cred.key }),
    );
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
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
    const stored = await storedTotals(handle.db, orgId);
    expect(new Map(stored.map((s) => [`${s.day}|${s.model}`, s.input_tokens]))).toEqual(expected);
    expect(stored.every((s) => s.project_id === null && s.api_key_id === null)).toBe(true);
  });
});

describe("schema problems", () => {
  it("falls back to manual dedupe when the unique index is missing, still exactly once", async () => {
    const scratch = await createTestDb();
    try {
      await scratch.db.execute(sql`alter table usage_events drop constraint usage_admin_bucket_idx`);
      const { orgId } = await orgWithAdminKey(scratch.db, emulator);
      const config = emulatorConfig(emulator);
      const first = await fetchAndStoreUsageForOrg(scratch.db, orgId, { ...WINDOW, trigger: "api" }, { config });
      expect(first.telemetry.issues.map((i) => i.code)).toContain("INDEX_MISSING_FALLBACK");
      expect(first.telemetry.manualDedupeBatches).toBeGreaterThan(0);
      const once = await snapshotUsage(scratch.db, orgId);
      const second = await fetchAndStoreUsageForOrg(scratch.db, orgId, { ...WINDOW, trigger: "api" }, { config });
      expect(second.telemetry.rowsInserted).toBe(0);
      expect(await snapshotUsage(scratch.db, orgId)).toBe(once);

      // Same numbers as the indexed path.
      const { orgId: indexedOrgId } = await orgWithAdminKey(handle.db, emulator);
      await fetchAndStoreUsageForOrg(handle.db, indexedOrgId, { ...WINDOW, trigger: "api" }, { config });
      const strip = (rows: Awaited<ReturnType<typeof storedTotals>>) => rows.map((r) => JSON.stringify(r)).sort();
      expect(strip(await storedTotals(scratch.db, orgId))).toEqual(strip(await storedTotals(handle.db, indexedOrgId)));
    } finally {
      await scratch.close();
    }
  });

  it("reports SCHEMA_MISSING naming the migration instead of failing mid-run", async () => {
    const scratch = await createTestDb();
    try {
      const { orgId } = await orgWithAdminKey(scratch.db, emulator);
      await scratch.db.execute(sql`drop table ingestion_runs`);
      const result = await fetchAndStoreUsageForOrg(
        scratch.db,
        orgId,
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
