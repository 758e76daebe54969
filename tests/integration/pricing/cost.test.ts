/**
 * Computed cost end to end: ingestion stores cost_usd on every row (the pricing of that row, at
 * its own day), the rollups sum it to the raw table's sums exactly at every grain, and a stale
 * pricing version re-prices an account's rows on its next refresh.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { rowsOf, type DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { priceUsageRow } from "@/lib/pricing";
import { refreshUsageRollup } from "@/lib/rollup";
import { CUBES } from "@/lib/rollup";
import { createTestDb } from "../test-db";
import { emulatorConfig, orgWithAdminKey, startTestEmulator, WINDOW } from "../ingestion/harness";

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

interface StoredRow {
  id: number;
  provider: "openai";
  model: string;
  window_start: string;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  requests: number | null;
  batch: boolean | null;
  service_tier: string | null;
  cost: string | null;
}

async function storedRows(orgId: string): Promise<StoredRow[]> {
  return rowsOf<StoredRow>(
    await handle.db.execute(sql`select id, provider, model, window_start, input_tokens::float8 as input_tokens,
      cached_input_tokens::float8 as cached_input_tokens, output_tokens::float8 as output_tokens, requests, batch,
      service_tier, cost_usd::text as cost
      from usage_events where org_id = ${orgId}::uuid order by id`),
  );
}

const expectedCost = (r: StoredRow) =>
  priceUsageRow(
    {
      provider: r.provider,
      model: r.model,
      inputTokens: Number(r.input_tokens),
      cachedInputTokens: Number(r.cached_input_tokens),
      outputTokens: Number(r.output_tokens),
      requests: r.requests === null ? null : Number(r.requests),
      batch: r.batch,
      serviceTier: r.service_tier,
    },
    new Date(r.window_start),
  );

/** Cost per cube, grain and period next to the raw table's sum over the same days, as exact numeric text. */
async function rollupVersusRaw(accountId: string) {
  const out: { cube: string; grain: string; period: string; cube_cost: string | null; raw_cost: string | null }[] = [];
  for (const cube of CUBES) {
    const rows = rowsOf<(typeof out)[number]>(
      await handle.db.execute(sql`
        with c as (
          select grain, period, sum(cost_usd) as cost from ${sql.identifier(cube.table)}
          where account_id = ${accountId}::uuid group by grain, period)
        select ${cube.name}::text as cube, c.grain, c.period::text as period, c.cost::text as cube_cost,
          (select sum(u.cost_usd)::text from usage_events u where u.account_id = ${accountId}::uuid
            and (u.window_start at time zone 'UTC')::date >= c.period
            and (u.window_start at time zone 'UTC')::date <= case c.grain
              when 'day' then c.period
              -- blocks start on the 1st, 8th, 15th, 22nd and 29th; the last runs to the month's end
              when 'block' then case when extract(day from c.period) >= 29
                then (date_trunc('month', c.period) + interval '1 month - 1 day')::date else c.period + 6 end
              else (date_trunc('month', c.period) + interval '1 month - 1 day')::date end) as raw_cost
        from c order by c.grain, c.period`),
    );
    out.push(...rows);
  }
  return out;
}

describe("computed cost on every usage row", () => {
  it("is set per row at ingest, at the row's own day, and the rollups sum it exactly at every grain", async () => {
    const { orgId, key } = await orgWithAdminKey(handle.db, emulator);
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "api" },
      {
        config: emulatorConfig(emulator),
      },
    );
    expect(result.status).toBe("succeeded");
    const rows = await storedRows(orgId);
    expect(rows.length).toBeGreaterThan(50);
    for (const r of rows) expect(r.cost, `${r.model} ${r.window_start}`).toBe(expectedCost(r));
    const priced = rows.filter((r) => r.cost !== null);
    expect(priced.length).toBeGreaterThan(rows.length / 2); // the emulator's models are ones the library knows
    expect(priced.some((r) => Number(r.cost) > 0)).toBe(true);

    const compared = await rollupVersusRaw(key.accountId);
    for (const grain of ["day", "block", "month"]) expect(compared.some((c) => c.grain === grain)).toBe(true);
    for (const c of compared) {
      expect(c.cube_cost === null ? null : Number(c.cube_cost), `${c.cube} ${c.grain} ${c.period}`).toBe(
        c.raw_cost === null ? null : Number(c.raw_cost),
      );
      // Same digits, not merely close: numeric sums of the same decimals.
      expect(c.cube_cost).toBe(c.raw_cost);
    }
  });

  it("re-prices an account's rows on its next refresh when they were priced with another version", async () => {
    const { orgId, key } = await orgWithAdminKey(handle.db, emulator, undefined, "stale pricing");
    await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "api" },
      { config: emulatorConfig(emulator) },
    );
    const before = await storedRows(orgId);
    expect(before.filter((r) => r.cost !== null).length).toBeGreaterThan(0);
    // As if stored before cost_usd existed, under an older price table.
    await handle.db.execute(sql`update usage_events set cost_usd = null where org_id = ${orgId}::uuid`);
    await handle.db.execute(
      sql`update usage_pricing_state set pricing_version = 'older' where account_id = ${key.accountId}::uuid`,
    );
    const refresh = await refreshUsageRollup(handle.db, {
      orgId,
      accountId: key.accountId,
      start: new Date(`${WINDOW.end}T00:00:00Z`),
      end: new Date(new Date(`${WINDOW.end}T00:00:00Z`).getTime() + 86_400_000),
    });
    expect(refresh.rebuilt).toBe(true);
    expect(refresh.start).toBe(WINDOW.start); // the whole history, not just the refreshed day
    expect(await storedRows(orgId)).toEqual(before);
    for (const c of await rollupVersusRaw(key.accountId)) expect(c.cube_cost).toBe(c.raw_cost);
  });
});
