import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { providerCatalog } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { createTestDb } from "../test-db";
import { DATASET, emulatorConfig, orgWithAdminKey, WINDOW } from "./harness";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startEmulator({ dataset: generateDataset({ ...DATASET, archivedProjects: 1 }), port: 0 });
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

describe("names catalog", () => {
  it("stores project, API key and member names, archived projects included", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "api" },
      { config: emulatorConfig(emulator) },
    );
    expect(result.telemetry.issues).toEqual([]);
    const rows = await handle.db.select().from(providerCatalog).where(eq(providerCatalog.orgId, orgId));
    const org = emulator.dataset.organizations[0]!;
    const projects = rows.filter((r) => r.kind === "project");
    expect(projects.map((p) => p.name).sort()).toEqual(org.projects.map((p) => p.name).sort());
    expect(rows.filter((r) => r.kind === "api_key").length).toBe(DATASET.projects * DATASET.apiKeysPerProject);
    expect(rows.some((r) => r.kind === "user")).toBe(true);
    expect(rows.every((r) => r.name && !r.name.startsWith("sk-"))).toBe(true);
  });
});
