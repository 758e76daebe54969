import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoAccount } from "../../../scripts/demo/account";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { rowsOf, type DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { listKeyRows } from "@/lib/keys/list";
import { emulatorConfig } from "../ingestion/harness";
import { createTestDb } from "../test-db";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startEmulator({
    dataset: generateDataset({
      seed: 42,
      projects: 2,
      apiKeysPerProject: 2,
      users: 2,
      models: 2,
      days: 5,
      endDate: "2026-10-31",
    }),
    port: 0,
  });
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

describe("the demo account", () => {
  it("has an OpenAI and an Anthropic admin key (once, however often the demo starts) and ingests both", async () => {
    const { org } = await ensureDemoAccount(handle.db, emulator.dataset);
    await ensureDemoAccount(handle.db, emulator.dataset);
    const keys = await listKeyRows(handle.db, org.id);
    expect(keys.map((k) => [k.provider, k.usageMode]).sort()).toEqual([
      ["anthropic", "admin"],
      ["openai", "admin"],
    ]);

    const config = emulatorConfig(emulator, { ANTHROPIC_API_BASE_URL: emulator.anthropicUrl });
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      org.id,
      { start: "2026-10-27", end: "2026-10-31", trigger: "api" },
      { config },
    );
    expect(result.status).toBe("succeeded");
    const providers = rowsOf<{ provider: string }>(
      await handle.db.execute(
        sql`select distinct provider from usage_events where org_id = ${org.id}::uuid order by provider`,
      ),
    );
    expect(providers.map((p) => p.provider)).toEqual(["anthropic", "openai"]);
  });
});
