import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { rowsOf, type DbHandle } from "@/db/types";
import type { AppConfig } from "@/lib/env";
import { JsonNumberText, parseJsonKeepingNumbers } from "@/lib/http-client/lossless-json";
import { getUsageBreakdown } from "@/lib/analytics";
import { rollupIsCurrent } from "@/lib/analytics/source";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { billedSpendByDay } from "@/lib/money/billed";
import { costRollupIsCurrent } from "@/lib/reconciliation";
import { formatDecimal, parseDecimal, sumDecimals } from "@/lib/money/decimal";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { createTestDb, createTestOrg } from "../test-db";
import { adminCredential, emulatorConfig, orgWithAdminKey } from "./harness";

// "Today" for every run: 2025-12-20 (UTC), so the last 3 closed days are 12-17..12-19. OpenAI
// splits cost by API key only from 2025-12-06.
const NOW = Date.parse("2025-12-20T15:00:00Z");
const deps = () => ({ config, now: () => NOW });

let handle: DbHandle;
let emulator: EmulatorHandle;
let config: AppConfig;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startEmulator({
    dataset: generateDataset({
      seed: 11_011,
      projects: 3,
      apiKeysPerProject: 2,
      users: 3,
      models: 5,
      days: 40,
      endDate: "2025-12-20",
      density: 0.6,
    }),
    port: 0,
    // Small pages: a day's results continue on the next page, as they do for big organizations.
    maxResultsPerPage: 25,
  });
  config = emulatorConfig(emulator);
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

const canonical = (d: string) => formatDecimal(parseDecimal(d)!);

type TruthRow = { day: string; project_id: string | null; amount: string };
async function truth(start: string, end: string, groupBy: string): Promise<TruthRow[]> {
  const res = await fetch(`${emulator.origin}/__emulator/costs/totals?start=${start}&end=${end}&group_by=${groupBy}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { rows: TruthRow[] };
  return body.rows.map((r) => ({ day: r.day, project_id: r.project_id, amount: canonical(r.amount) }));
}

/** Stored billed cost per day and project, summed in SQL, for the given days. */
async function stored(orgId: string, days: (d: string) => boolean): Promise<TruthRow[]> {
  const rows = await billedSpendByDay(handle.db, orgId, { start: "2025-11-01", end: "2025-12-31" }, { now: NOW });
  return rows
    .filter((r) => days(r.day))
    .map((r) => ({ day: r.day, project_id: r.projectId, amount: r.amountUsd }))
    .sort((a, b) => `${a.day}|${a.project_id}`.localeCompare(`${b.day}|${b.project_id}`));
}

const sortRows = (rows: TruthRow[]) =>
  [...rows].sort((a, b) => `${a.day}|${a.project_id}`.localeCompare(`${b.day}|${b.project_id}`));
const between = (start: string, end: string) => (d: string) => d >= start && d <= end;

async function snapshotCosts(orgId: string) {
  const result = await handle.db.execute(sql`
    select id, account_id, provider, source, day::text, amount_usd::text, currency, project_id, line_item, api_key_id,
      model, created_at::text, updated_at::text
    from cost_events where org_id = ${orgId}::uuid order by id`);
  return rowsOf<Record<string, unknown>>(result);
}

describe("OpenAI billed cost ingestion against the emulator", () => {
  it("stores cost per day and project equal to the emulator's sum exactly; a second run changes nothing", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    const run = () =>
      fetchAndStoreUsageForOrg(handle.db, orgId, { trigger: "api", start: "2025-12-08", end: "2025-12-20" }, deps());
    const first = await run();
    expect(first.status).toBe("succeeded");
    expect(first.telemetry.issues).toEqual([]);

    const expected = await truth("2025-12-08", "2025-12-20", "project_id,line_item,api_key_id");
    expect(expected.length).toBeGreaterThan(10);
    expect(await stored(orgId, between("2025-12-08", "2025-12-20"))).toEqual(sortRows(expected));
    // Grouped by API key on these days (OpenAI allows it from 2025-12-06).
    const [{ keyed }] = rowsOf<{ keyed: number }>(
      await handle.db.execute(
        sql`select count(*) filter (where api_key_id is not null)::int as keyed from cost_events where org_id = ${orgId}::uuid`,
      ),
    );
    expect(keyed).toBeGreaterThan(0);

    // Today is provisional, closed days are not.
    const billed = await billedSpendByDay(handle.db, orgId, { start: "2025-12-19", end: "2025-12-20" }, { now: NOW });
    expect(billed.length).toBeGreaterThan(1);
    expect(new Set(billed.map((r) => `${r.day}:${r.provisional}`))).toEqual(
      new Set(["2025-12-19:false", "2025-12-20:true"]),
    );

    const before = await snapshotCosts(orgId);
    expect(before.length).toBeGreaterThan(0);
    const second = await run();
    expect(second.status).toBe("succeeded");
    expect(await snapshotCosts(orgId)).toEqual(before);
  });

  it("a first sync whose billed-cost pages fail still leaves its dashboard cubes current and equal to usage_events", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    const { apiKey } = adminCredential(emulator);
    // The cubes of a first sync are built while the cost pages are read; the second cost page fails.
    emulator.setFaults([{ key: apiKey, fault: "forbidden", path: "/v1/organization/costs", skip: 1 }]);
    try {
      const range = { start: "2025-12-08", end: "2025-12-20" };
      const result = await fetchAndStoreUsageForOrg(handle.db, orgId, { trigger: "api", ...range }, deps());
      expect(result.status).not.toBe("succeeded");
      expect(result.telemetry.issues.map((i) => i.code)).toEqual(["PERMISSION_DENIED"]);
      expect(result.telemetry.rowsInserted).toBeGreaterThan(0);
      expect(await rollupIsCurrent(handle.db, orgId)).toBe(true);
      const byModel = (path: "rollup" | "raw") => getUsageBreakdown(handle.db, orgId, range, "model", { path });
      const fromCubes = await byModel("rollup");
      expect(fromCubes.length).toBeGreaterThan(1);
      expect(fromCubes).toEqual(await byModel("raw"));
    } finally {
      emulator.clearFaults(apiKey);
    }
  });

  it("stores float-noise numbers and numeric strings digit for digit, currency upper-cased", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { trigger: "api", start: "2025-12-12", end: "2025-12-13" },
      deps(),
    );

    // The emulator's own pages for those days, read without losing a digit.
    const { apiKey } = adminCredential(emulator);
    const served: { key: string; text: string; asString: boolean; currency: string }[] = [];
    let page: string | undefined;
    do {
      const q = new URLSearchParams({ start_time: "1765497600", end_time: "1765670400", limit: "2" });
      for (const g of ["project_id", "line_item", "api_key_id"]) q.append("group_by[]", g);
      if (page) q.set("page", page);
      const res = await fetch(`${emulator.url}/organization/costs?${q}`, {
        headers: { Authorization: `Bearer ${apiKey}` },
      });
      const body = parseJsonKeepingNumbers(await res.text()) as {
        data: { start_time: JsonNumberText; results: Record<string, unknown>[] }[];
        has_more: boolean;
        next_page: string | null;
      };
      for (const bucket of body.data) {
        const day = new Date(Number(bucket.start_time.text) * 1000).toISOString().slice(0, 10);
        for (const r of bucket.results) {
          const amount = r.amount as { value: JsonNumberText | string; currency: string };
          served.push({
            key: [day, r.project_id, r.line_item, r.api_key_id].join("|"),
            text: typeof amount.value === "string" ? amount.value : amount.value.text,
            asString: typeof amount.value === "string",
            currency: amount.currency,
          });
        }
      }
      page = body.has_more ? (body.next_page ?? undefined) : undefined;
    } while (page);

    const noisy = served.filter((s) => !s.asString && s.text.replace(/^0\.0*/, "").length > 17);
    expect(noisy.length).toBeGreaterThan(0);
    expect(served.some((s) => s.asString)).toBe(true);
    expect(new Set(served.map((s) => s.currency))).toEqual(new Set(["usd", "USD"]));
    // A JS number would have lost digits on these.
    expect(noisy.some((s) => String(Number(s.text)) !== s.text)).toBe(true);

    const rows = rowsOf<{ key: string; amount: string; currency: string }>(
      await handle.db.execute(sql`
        select concat_ws('|', day::text, coalesce(project_id, ''), coalesce(line_item, ''), coalesce(api_key_id, '')) as key,
          amount_usd::text as amount, currency
        from cost_events where org_id = ${orgId}::uuid and day between '2025-12-12' and '2025-12-13'`),
    );
    const storedByKey = new Map(rows.map((r) => [r.key, r]));
    expect(rows.length).toBe(served.length);
    for (const s of served) {
      const row = storedByKey.get(s.key.replace(/\|null/g, "|"));
      expect(row, s.key).toBeDefined();
      expect(row!.amount).toBe(s.text);
      expect(row!.currency).toBe("USD");
    }
  });

  it("falls back without api_key_id when OpenAI refuses it, says so in the run's issues, and never counts a day twice", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { trigger: "api", start: "2025-11-25", end: "2025-12-10" },
      deps(),
    );
    expect(result.status).toBe("succeeded");
    expect(result.telemetry.keysFailed).toBe(0);
    const issue = result.telemetry.issues.find((i) => i.code === "COST_GROUPING_REDUCED");
    expect(issue?.message).toMatch(/would not split the cost of 2025-11-25 to 2025-12-10 by API key/);
    // The run log keeps it too.
    const [run] = rowsOf<{ telemetry: { issues: { code: string }[] } }>(
      await handle.db.execute(sql`select telemetry from ingestion_runs where id = ${result.runId}::uuid`),
    );
    expect(run!.telemetry.issues.map((i) => i.code)).toContain("COST_GROUPING_REDUCED");

    // The refused window per project and line item; the re-read closed days (12-17..19) by API key.
    expect(await stored(orgId, between("2025-11-25", "2025-12-10"))).toEqual(
      sortRows(await truth("2025-11-25", "2025-12-10", "project_id,line_item")),
    );
    expect(await stored(orgId, between("2025-12-17", "2025-12-19"))).toEqual(
      sortRows(await truth("2025-12-17", "2025-12-19", "project_id,line_item,api_key_id")),
    );

    // A later run reads 12-08..12-10 by API key: the per-project rows of those days are replaced, not added to.
    await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { trigger: "api", start: "2025-12-08", end: "2025-12-12" },
      deps(),
    );
    expect(await stored(orgId, between("2025-12-08", "2025-12-12"))).toEqual(
      sortRows(await truth("2025-12-08", "2025-12-12", "project_id,line_item,api_key_id")),
    );
    const [{ unkeyed }] = rowsOf<{ unkeyed: number }>(
      await handle.db.execute(sql`select count(*)::int as unkeyed from cost_events
        where org_id = ${orgId}::uuid and day between '2025-12-08' and '2025-12-10' and api_key_id is null`),
    );
    expect(unkeyed).toBe(0);
  });

  it("re-reads the last 3 closed days on every run, so a revised amount is picked up by a backfill of other days", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator);
    await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { trigger: "api", start: "2025-12-14", end: "2025-12-20" },
      deps(),
    );
    const pick = async (day: string) => {
      const [row] = rowsOf<{ project_id: string; api_key_id: string; line_item: string; amount: string }>(
        await handle.db.execute(sql`select project_id, api_key_id, line_item, amount_usd::text as amount
          from cost_events where org_id = ${orgId}::uuid and day = ${day}::date order by id limit 1`),
      );
      return row!;
    };
    const revised = await pick("2025-12-18");
    const outside = await pick("2025-12-15");
    const adjust = (day: string, row: typeof revised) => ({
      day,
      project_id: row.project_id,
      api_key_id: row.api_key_id,
      line_item: row.line_item,
      amount: "0.015",
    });
    const res = await fetch(`${emulator.origin}/__emulator/costs/adjustments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([adjust("2025-12-18", revised), adjust("2025-12-15", outside)]),
    });
    expect(res.status).toBe(200);
    try {
      // A window far from both days: only the re-read of 12-17..12-19 can see the revision.
      const backfill = await fetchAndStoreUsageForOrg(
        handle.db,
        orgId,
        { trigger: "backfill", start: "2025-12-07", end: "2025-12-08" },
        deps(),
      );
      expect(backfill.status).toBe("succeeded");
      const after18 = await pick("2025-12-18");
      expect(after18.line_item).toBe(revised.line_item);
      expect(canonical(after18.amount)).not.toBe(canonical(revised.amount));
      expect(await stored(orgId, between("2025-12-17", "2025-12-19"))).toEqual(
        sortRows(await truth("2025-12-17", "2025-12-19", "project_id,line_item,api_key_id")),
      );
      // 12-15 is neither in the window nor among the last 3 closed days: still the old amount.
      expect((await pick("2025-12-15")).amount).toBe(outside.amount);
      // The money views read the per-day cost rollup: it follows the revision too.
      expect(await costRollupIsCurrent(handle.db, orgId)).toBe(true);
      const perDay = (table: "cost_events" | "cost_daily") =>
        handle.db.execute(sql`select day::text, project_id, sum(amount_usd)::text as amount from ${sql.raw(table)}
          where org_id = ${orgId}::uuid group by 1, 2 order by 1, 2`);
      const raw = rowsOf(await perDay("cost_events"));
      expect(raw.length).toBeGreaterThan(10);
      expect(rowsOf(await perDay("cost_daily"))).toEqual(raw);
      expect(sumDecimals([outside.amount, "0.015"])).not.toBe(canonical(outside.amount));
    } finally {
      await fetch(`${emulator.origin}/__emulator/costs/adjustments`, { method: "DELETE" });
    }
  });

  it("skips cost quietly for legacy standard keys", async () => {
    const { actor } = await createTestOrg(handle.db, "owner", "legacy");
    const standard = emulator.dataset.credentials.find((c) => c.kind === "standard")!.key;
    await createKey(
      handle.db,
      actor,
      createKeySchema.parse({ provider: "openai", label: "Legacy", usageMode: "standard", apiKey: standard }),
    );
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      actor.orgId,
      { trigger: "api", start: "2025-12-18", end: "2025-12-19" },
      deps(),
    );
    expect(result.status).toBe("succeeded");
    expect(result.telemetry.issues).toEqual([]);
    expect(
      emulator.requestLog.some(
        (r) => r.path.startsWith("/v1/organization/costs") && r.key?.endsWith(standard.slice(-4)),
      ),
    ).toBe(false);
    const [{ n }] = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from cost_events where org_id = ${actor.orgId}::uuid`),
    );
    expect(n).toBe(0);
  });
});
