import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { computeUsageTotals } from "../../../scripts/emulator/dataset";
import type { DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { listRecentRuns } from "@/lib/ingestion/run-log";
import { createTestDb } from "../test-db";
import {
  emulatorConfig,
  groupKey,
  snapshotUsage,
  startTestEmulator,
  storedTotals,
  orgWithAdminKey,
  WINDOW,
} from "./harness";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  // A small page cap forces every day across several pages, so pagination is really exercised.
  emulator = await startTestEmulator({ maxResultsPerPage: 40 });
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

describe("OpenAI admin ingestion against the emulator", () => {
  it("stores exactly the provider's totals per day, model, project, API key and batch", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    const config = emulatorConfig(emulator);
    const result = await fetchAndStoreUsageForOrg(handle.db, orgId, { ...WINDOW, trigger: "api" }, { config });
    expect(result.status).toBe("succeeded");
    expect(result.telemetry.keysProcessed).toBe(1);
    expect(result.telemetry.windowsProcessed).toBe(21);
    expect(result.telemetry.requestsMade).toBeGreaterThan(2);
    expect(result.telemetry.rowsInserted).toBeGreaterThan(0);

    const truth = computeUsageTotals(emulator.dataset, {
      ...WINDOW,
      by: ["day", "model", "project", "api_key", "batch"],
    });
    const expected = new Map<string, { input: number; output: number; cached: number; requests: number }>();
    const add = (k: string, v: { input: number; output: number; cached: number; requests: number }) => {
      const cur = expected.get(k) ?? { input: 0, output: 0, cached: 0, requests: 0 };
      expected.set(k, {
        input: cur.input + v.input,
        output: cur.output + v.output,
        cached: cur.cached + v.cached,
        requests: cur.requests + v.requests,
      });
    };
    for (const g of truth.completions.groups) {
      add(
        groupKey({
          day: g.day as string,
          model: g.model as string,
          project_id: g.project,
          api_key_id: g.api_key,
          batch: g.batch,
        }),
        {
          input: g.input_tokens,
          output: g.output_tokens,
          cached: g.input_cached_tokens,
          requests: g.num_model_requests,
        },
      );
    }
    for (const g of truth.embeddings.groups) {
      add(
        groupKey({
          day: g.day as string,
          model: g.model as string,
          project_id: g.project,
          api_key_id: g.api_key,
          batch: null,
        }),
        {
          input: g.input_tokens,
          output: 0,
          cached: 0,
          requests: g.num_model_requests,
        },
      );
    }
    const stored = await storedTotals(handle.db, orgId);
    const actual = new Map(
      stored.map((s) => [
        groupKey(s),
        { input: s.input_tokens, output: s.output_tokens, cached: s.cached_input_tokens, requests: s.requests },
      ]),
    );
    expect(actual.size).toBe(expected.size);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
  });

  it("running the same window twice leaves the database exactly as running it once", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    const config = emulatorConfig(emulator);
    const first = await fetchAndStoreUsageForOrg(handle.db, orgId, { ...WINDOW, trigger: "api" }, { config });
    const before = await snapshotUsage(handle.db, orgId);
    const second = await fetchAndStoreUsageForOrg(handle.db, orgId, { ...WINDOW, trigger: "cron" }, { config });
    expect(await snapshotUsage(handle.db, orgId)).toBe(before);
    expect(second.telemetry.rowsInserted).toBe(0);
    expect(second.telemetry.rowsUpdated).toBe(0);
    expect(second.telemetry.rowsUnchanged).toBe(first.telemetry.rowsInserted);
  });

  it("writes a run log row for every run, with its telemetry", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    const config = emulatorConfig(emulator);
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "backfill", label: "t" },
      { config },
    );
    const [run] = await listRecentRuns(handle.db, orgId);
    expect(run!.id).toBe(result.runId);
    expect(run!.status).toBe("succeeded");
    expect(run!.trigger).toBe("backfill");
    expect(run!.finishedAt).not.toBeNull();
    expect((run!.telemetry as { rowsInserted: number }).rowsInserted).toBe(result.telemetry.rowsInserted);
  });

  it("dry run fetches but stores nothing", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    const config = emulatorConfig(emulator);
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "backfill", dryRun: true },
      { config },
    );
    expect(result.telemetry.rowsFetched).toBeGreaterThan(0);
    expect(await storedTotals(handle.db, orgId)).toEqual([]);
  });
});
