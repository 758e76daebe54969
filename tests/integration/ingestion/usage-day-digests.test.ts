import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { rowsOf, type DbHandle } from "@/db/types";
import { getUsageBreakdown } from "@/lib/analytics";
import type { AppConfig } from "@/lib/env";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { refreshUsageRollup } from "@/lib/rollup";
import { storeUsageDays } from "@/lib/ingestion/persist-usage-days";
import { createOrgWithKey } from "../analytics/fixture";
import { usage } from "../reconciliation/fixture";
import { createTestDb } from "../test-db";
import {
  adminCredential,
  emulatorConfig,
  orgWithAdminKey,
  snapshotUsage,
  startTestEmulator,
  storedTotals,
  WINDOW,
} from "./harness";

let handle: DbHandle;
let emulator: EmulatorHandle;
let config: AppConfig;

beforeAll(async () => {
  handle = await createTestDb();
  // Small pages: every day spans several pages, so days are held across pages before being written.
  emulator = await startTestEmulator({ maxResultsPerPage: 40 });
  config = emulatorConfig(emulator);
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

const COMPLETIONS = "/v1/organization/usage/completions";
const run = (orgId: string, fetchImpl?: typeof fetch) =>
  fetchAndStoreUsageForOrg(handle.db, orgId, { ...WINDOW, trigger: "api" }, { config, fetch: fetchImpl });

/** The provider revises one result of `day` (its completions bucket) by `extra` input tokens. */
function revising(day: string, extra: number): typeof fetch {
  const dayStart = Date.parse(`${day}T00:00:00Z`) / 1000;
  let revised = false;
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.endsWith("/organization/usage/completions") || !res.ok) return res;
    const body = (await res.json()) as { data: { start_time: number; results: { input_tokens: number }[] }[] };
    const first = body.data.find((b) => b.start_time === dayStart)?.results[0];
    if (first && !revised) {
      first.input_tokens += extra;
      revised = true;
    }
    return new Response(JSON.stringify(body), { status: res.status, headers: { "content-type": "application/json" } });
  };
}

async function digestDays(orgId: string, source = "completions") {
  const rows = rowsOf<{ day: string }>(
    await handle.db.execute(sql`select to_char(day, 'YYYY-MM-DD') as day from usage_day_state
      where org_id = ${orgId}::uuid and source = ${source} order by day`),
  );
  return rows.map((r) => r.day);
}

async function storedDays(orgId: string, endpoint = "completions") {
  const rows = rowsOf<{ day: string }>(
    await handle.db.execute(sql`select distinct to_char(window_start at time zone 'UTC', 'YYYY-MM-DD') as day
      from usage_events where org_id = ${orgId}::uuid and endpoint = ${endpoint} order by day`),
  );
  return rows.map((r) => r.day);
}

/** Days of rows some writer has locked or updated since they were inserted (xmax is set by both). */
async function touchedDays(orgId: string) {
  const rows = rowsOf<{ day: string }>(
    await handle.db.execute(sql`select distinct to_char(window_start at time zone 'UTC', 'YYYY-MM-DD') as day
      from usage_events where org_id = ${orgId}::uuid and xmax::text <> '0' order by day`),
  );
  return rows.map((r) => r.day);
}

async function expectCubesEqualRaw(orgId: string) {
  const byModel = (path: "rollup" | "raw") => getUsageBreakdown(handle.db, orgId, WINDOW, "model", { path });
  const fromCubes = await byModel("rollup");
  expect(fromCubes.length).toBeGreaterThan(1);
  expect(fromCubes).toEqual(await byModel("raw"));
}

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

describe("usage day digests: a re-read of unchanged days writes nothing", () => {
  it("records a digest per complete day, leaves every row untouched on a re-run, and rewrites only a revised day", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    const first = await run(orgId);
    expect(first.status).toBe("succeeded");
    const days = await storedDays(orgId);
    expect(days.length).toBe(21);
    expect(await digestDays(orgId)).toEqual(days);
    expect(await digestDays(orgId, "embeddings")).toEqual(await storedDays(orgId, "embeddings"));
    expect(await touchedDays(orgId)).toEqual([]);
    const before = await snapshotUsage(handle.db, orgId);

    const second = await run(orgId);
    expect(second.status).toBe("succeeded");
    expect(second.telemetry).toMatchObject({ rowsInserted: 0, rowsUpdated: 0 });
    expect(second.telemetry.rowsUnchanged).toBe(second.telemetry.rowsFetched);
    // The old path's ON CONFLICT ... WHERE changed locked every row it compared; a skipped day locks none.
    expect(await touchedDays(orgId)).toEqual([]);
    expect(await snapshotUsage(handle.db, orgId)).toBe(before);

    const third = await run(orgId, revising("2026-10-20", 1000));
    expect(third.telemetry).toMatchObject({ rowsInserted: 0, rowsUpdated: 1 });
    expect(await touchedDays(orgId)).toEqual(["2026-10-20"]);
    const totals = (await storedTotals(handle.db, orgId)).filter((g) => g.day === "2026-10-20");
    const fresh = await orgWithAdminKey(handle.db, emulator, undefined, "Fresh org key");
    await run(fresh.orgId);
    const truth = (await storedTotals(handle.db, fresh.orgId)).filter((g) => g.day === "2026-10-20");
    const sum = (gs: { input_tokens: number }[]) => gs.reduce((n, g) => n + g.input_tokens, 0);
    expect(sum(totals)).toBe(sum(truth) + 1000);
    await expectCubesEqualRaw(orgId);

    // The provider's numbers come back: that day is written again, and only that day.
    const fourth = await run(orgId);
    expect(fourth.telemetry).toMatchObject({ rowsInserted: 0, rowsUpdated: 1 });
    expect(sorted(await storedTotals(handle.db, orgId))).toEqual(sorted(await storedTotals(handle.db, fresh.orgId)));
    await expectCubesEqualRaw(orgId);
  });

  it("a run stopped mid-stream keeps the rows it read, records no digest for a day it may not have read whole, and the next run completes it", async () => {
    const reference = await orgWithAdminKey(handle.db, emulator, undefined, "Reference key");
    await run(reference.orgId);
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    const { apiKey } = adminCredential(emulator);
    emulator.setFaults([{ key: apiKey, fault: "forbidden", path: COMPLETIONS, skip: 3 }]);
    try {
      const stopped = await run(orgId);
      expect(stopped.status).toBe("failed");
      expect(stopped.telemetry.rowsInserted).toBeGreaterThan(0);
      const days = await storedDays(orgId);
      expect(days.length).toBeGreaterThan(0);
      // The last day read may be partial: stored, but without a digest that would vouch for it.
      expect(await digestDays(orgId)).toEqual(days.slice(0, -1));
    } finally {
      emulator.clearFaults();
    }
    const resumed = await run(orgId);
    expect(resumed.status).toBe("succeeded");
    expect(sorted(await storedTotals(handle.db, orgId))).toEqual(
      sorted(await storedTotals(handle.db, reference.orgId)),
    );
    expect(await digestDays(orgId)).toEqual(await storedDays(orgId));
    await expectCubesEqualRaw(orgId);
  });

  it("simulated rows written over an account's days make those days' digests go", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    await run(orgId);
    expect((await digestDays(orgId)).length).toBe(21);
    const { apiKey } = adminCredential(emulator);
    emulator.setFaults([{ key: apiKey, fault: "forbidden" }]);
    try {
      const simulated = await fetchAndStoreUsageForOrg(
        handle.db,
        orgId,
        { ...WINDOW, trigger: "api" },
        { config: emulatorConfig(emulator, { ENABLE_SIMULATED_USAGE: "true" }) },
      );
      expect(simulated.telemetry.keysSimulated).toBe(1);
    } finally {
      emulator.clearFaults();
    }
    expect(await digestDays(orgId)).toEqual([]);
    expect(await digestDays(orgId, "embeddings")).toEqual([]);
    const real = await run(orgId);
    expect(real.status).toBe("succeeded");
    expect(await digestDays(orgId)).toEqual(await storedDays(orgId));
  });

  it("a day written in parts (too large to hold) has its digest deleted, and is never skipped", async () => {
    const t = await createOrgWithKey(handle.db, "usage-day-parts");
    const target = { ...t, simulated: false };
    const day = "2025-05-02";
    const rows = [usage(day, "gpt-4o", "proj", 10, 1), usage(day, "gpt-4o-mini", "proj", 20, 2)];
    const whole = async () => storeUsageDays(handle.db, target, "completions", [{ day, records: rows, whole: true }]);
    expect(await whole()).toMatchObject({ inserted: 2, daysUnchanged: 0 });
    expect(await whole()).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, daysUnchanged: 1 });
    const part = await storeUsageDays(handle.db, target, "completions", [
      { day, records: [usage(day, "gpt-4o", "proj", 11, 1)], whole: false },
    ]);
    expect(part).toMatchObject({ updated: 1, daysUnchanged: 0 });
    expect(await digestDays(t.orgId)).toEqual([]);
    // The whole day again: its digest was gone, so it is written (the part's change undone) and recorded.
    expect(await whole()).toMatchObject({ updated: 1, daysUnchanged: 0 });
    expect(await digestDays(t.orgId)).toEqual([day]);
  });

  it("a day whose rows were deleted behind ingestion's back is written again, so a backfill repairs it", async () => {
    const reference = await orgWithAdminKey(handle.db, emulator, undefined, "Reference key");
    await run(reference.orgId);
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    await run(orgId);
    const deleted = rowsOf<{ id: string }>(
      await handle.db.execute(sql`delete from usage_events where id in (select id from usage_events
        where org_id = ${orgId}::uuid and source = 'completions'
          and window_start = '2026-10-15T00:00:00Z'::timestamptz order by id limit 5) returning id`),
    );
    expect(deleted).toHaveLength(5);
    // The operator's cleanup also rebuilt the account's cubes from what is left.
    const [account] = rowsOf<{ id: string }>(
      await handle.db.execute(sql`select id from provider_accounts where org_id = ${orgId}::uuid`),
    );
    await refreshUsageRollup(handle.db, {
      orgId,
      accountId: account!.id,
      start: new Date("2026-10-11T00:00:00Z"),
      end: new Date("2026-11-01T00:00:00Z"),
    });
    const repair = await run(orgId);
    expect(repair.telemetry).toMatchObject({ rowsInserted: 5, rowsUpdated: 0 });
    expect(await touchedDays(orgId)).toEqual(["2026-10-15"]);
    expect(sorted(await storedTotals(handle.db, orgId))).toEqual(
      sorted(await storedTotals(handle.db, reference.orgId)),
    );
    await expectCubesEqualRaw(orgId);
  });
});
