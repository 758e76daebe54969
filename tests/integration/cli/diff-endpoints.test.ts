/**
 * usage:diff compares token usage only: with images, audio, tools and vector storage stored beside
 * completions and embeddings, a CSV of the token usage still shows no differences, and the rows of
 * the other endpoints are neither written to nor expected in the export.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { databaseSource } from "../../../scripts/diff/source";
import { runUsageDiff, writeStoredCsv } from "../../../scripts/diff/run";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { rowsOf, type DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { emulatorConfig, orgWithAdminKey } from "../ingestion/harness";
import { createTestDb } from "../test-db";
import { CLI_DATASET, CLI_WINDOW } from "./helpers";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startEmulator({ dataset: generateDataset({ ...CLI_DATASET, extraUsage: true }), port: 0 });
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

describe("usage diff with every usage endpoint stored", () => {
  it("writes and compares completions and embeddings rows only", async () => {
    const { org } = await orgWithAdminKey(handle.db, emulator);
    const config = emulatorConfig(emulator);
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      org.id,
      { ...CLI_WINDOW, trigger: "backfill" },
      { config },
    );
    expect(result.status).toBe("succeeded");
    const [counts] = rowsOf<{ tokens: number; other: number }>(
      await handle.db.execute(sql`select
        count(*) filter (where endpoint in ('completions', 'embeddings'))::int as tokens,
        count(*) filter (where endpoint not in ('completions', 'embeddings'))::int as other
        from usage_events where org_id = ${org.id}::uuid`),
    );
    expect(Number(counts!.other)).toBeGreaterThan(0);

    const { csv } = await writeStoredCsv(handle.db, { org: org.name });
    expect(csv.trim().split("\n")).toHaveLength(Number(counts!.tokens) + 1);
    const report = await runUsageDiff(databaseSource(handle.db), { csvText: csv, org: org.name });
    expect(report.summary).toMatchObject({ ok: true, differences: 0 });
    expect(report.dbRows).toBe(Number(counts!.tokens));
  });
});
