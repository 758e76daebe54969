import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/types";
import {
  buildUsageCsv,
  CSV_COLUMNS,
  getUsageTotals,
  iterateUsageRows,
  listUsageRows,
  streamUsageCsv,
  type AnalyticsFilters,
} from "@/lib/analytics";
import { refreshUsageRollup } from "@/lib/rollup";
import { addDays } from "@/lib/dates";
import { isAppError } from "@/lib/errors";
import { createTestDb } from "../test-db";
import {
  addCatalog,
  createOrgWithKey,
  dayOf,
  DAYS,
  FIRST_DAY,
  generateRecords,
  matches,
  store,
  type Tagged,
} from "./fixture";

const LAST_DAY = addDays(FIRST_DAY, DAYS - 1);
const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;
let orgId: string;
let accountId: string;
let records: Tagged[];

beforeAll(async () => {
  handle = await createTestDb();
  const owner = await createOrgWithKey(handle.db, "export");
  orgId = owner.orgId;
  accountId = owner.accountId;
  const generated = generateRecords(11);
  await store(handle.db, { orgId, accountId }, generated);
  await addCatalog(handle.db, orgId, accountId);
  records = generated.map((r) => ({ ...r, accountId, simulated: false }));
  await refreshUsageRollup(handle.db, {
    orgId,
    accountId,
    start: new Date(`${FIRST_DAY}T00:00:00Z`),
    end: new Date(`${addDays(LAST_DAY, 1)}T00:00:00Z`),
  });
});
afterAll(async () => handle?.close());

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;
const parseCsv = (text: string) => parse(text, { columns: true, record_delimiter: "\r\n" }) as CsvRow[];

describe(`CSV export and row listing on ${DB}`, () => {
  it("has one line per stored row whose sums equal the totals view", async () => {
    const cases: AnalyticsFilters[] = [
      { start: FIRST_DAY, end: LAST_DAY },
      { start: "2025-02-03", end: "2025-03-09", projectId: "proj_alpha" },
      { start: FIRST_DAY, end: LAST_DAY, model: "mystery-model-1" },
      { start: FIRST_DAY, end: LAST_DAY, batch: true, serviceTier: "flex" },
    ];
    for (const filters of cases) {
      const csv = await buildUsageCsv(handle.db, orgId, filters);
      const rows = parseCsv(csv);
      expect(rows).toHaveLength(records.filter((r) => matches(r, filters)).length);
      const totals = await getUsageTotals(handle.db, orgId, filters);
      const sum = (c: keyof CsvRow) => rows.reduce((s, r) => s + Number(r[c]), 0);
      expect(sum("input_tokens")).toBe(totals.current.inputTokens);
      expect(sum("cached_input_tokens")).toBe(totals.current.cachedInputTokens);
      expect(sum("output_tokens")).toBe(totals.current.outputTokens);
      expect(sum("requests")).toBe(totals.current.requests);
      const priced = rows.filter((r) => r.estimated_cost_usd !== "");
      if (totals.current.costUsd === null) expect(priced).toHaveLength(0);
      else expect(priced.reduce((s, r) => s + Number(r.estimated_cost_usd), 0)).toBeCloseTo(totals.current.costUsd, 9);
    }
  });

  it("writes the header, names, and RFC 4180 quoting, ordered by date then model", async () => {
    const filters = { start: FIRST_DAY, end: LAST_DAY };
    const csv = await buildUsageCsv(handle.db, orgId, filters);
    expect(csv.split("\r\n")[0]).toBe(CSV_COLUMNS.join(","));
    expect(csv).toContain('"Checkout, ""Assistant"""');
    expect(csv).toContain('"Support\nCopilot"');
    const rows = parseCsv(csv);
    const order = rows.map((r) => `${r.date_utc} ${r.model}`);
    expect(order).toEqual([...order].sort());
    const alpha = rows.find((r) => r.project_id === "proj_alpha")!;
    expect(alpha.project_name).toBe('Checkout, "Assistant"');
    expect(alpha.provider_account).toBe("export key");
    expect(rows.find((r) => r.user_id === "user-ben")?.user_name).toBe("ben@example.com");
    expect(rows.find((r) => r.api_key_id === "key_b1")?.api_key_name).toBe(""); // no catalog entry
    expect(new Set(rows.map((r) => r.batch))).toEqual(new Set(["true", "false", ""]));
    expect(rows.every((r) => r.simulated === "false")).toBe(true);
    expect(rows.filter((r) => r.model === "mystery-model-1").every((r) => r.estimated_cost_usd === "")).toBe(true);
    expect(rows.find((r) => r.model === "gpt-4o-mini-2024-07-18")!.estimated_cost_usd).toMatch(/^\d+\.\d*[1-9]$|^\d+$/);
  });

  it("streams the same bytes as the built string", async () => {
    const filters = { start: "2025-02-01", end: "2025-02-28" };
    const streamed = await new Response(await streamUsageCsv(handle.db, orgId, filters)).text();
    expect(streamed).toBe(await buildUsageCsv(handle.db, orgId, filters));
  });

  it("walks every row exactly once in small keyset batches", async () => {
    const filters = { start: FIRST_DAY, end: LAST_DAY };
    const ids: number[] = [];
    let batches = 0;
    for await (const batch of iterateUsageRows(handle.db, orgId, filters, 7)) {
      batches++;
      ids.push(...batch.map((r) => r.id));
    }
    expect(batches).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(records.length);
  });

  it("refuses bad filters before streaming", async () => {
    const err = await streamUsageCsv(handle.db, orgId, { start: "2025-01-02", end: "2025-01-01" }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(err) && err.code).toBe("VALIDATION_FAILED");
  });

  it("lists rows a page at a time with the total, same order as the export", async () => {
    const filters = { start: "2025-02-01", end: "2025-03-15" };
    const expected = records.filter((r) => matches(r, filters)).length;
    const all: number[] = [];
    for (let page = 1; ; page++) {
      const result = await listUsageRows(handle.db, orgId, { ...filters, page, pageSize: 25 });
      expect(result.total).toBe(expected);
      expect(result).toMatchObject({ page, pageSize: 25 });
      if (result.rows.length === 0) break;
      all.push(...result.rows.map((r) => r.id));
    }
    expect(all).toHaveLength(expected);
    const walked: number[] = [];
    for await (const batch of iterateUsageRows(handle.db, orgId, filters)) walked.push(...batch.map((r) => r.id));
    expect(all).toEqual(walked);

    const first = await listUsageRows(handle.db, orgId, { ...filters, pageSize: 3 });
    expect(first.rows[0]).toMatchObject({ accountId, accountLabel: "export key", simulated: false });
    expect(first.rows[0]!.date).toBe(
      dayOf(records.filter((r) => matches(r, filters)).sort((a, b) => +a.windowStart - +b.windowStart)[0]!),
    );
    expect((await listUsageRows(handle.db, orgId, { ...filters }, { path: "raw" })).total).toBe(expected);
  });

  it("rejects page sizes over 1000", async () => {
    const err = await listUsageRows(handle.db, orgId, { start: FIRST_DAY, end: LAST_DAY, pageSize: 1001 }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(err) && err.code).toBe("VALIDATION_FAILED");
  });
});
