import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { databaseSource } from "../../../scripts/diff/source";
import { CSV_COLUMNS } from "../../../scripts/diff/csv";
import { runUsageDiff, writeStoredCsv } from "../../../scripts/diff/run";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { UsageError } from "../../../scripts/lib/runtime";
import { rowsOf, type DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { emulatorConfig, orgWithAdminKey } from "../ingestion/harness";
import { createTestDb } from "../test-db";
import { CLI_WINDOW, startCliEmulator } from "./helpers";

let handle: DbHandle;
let emulator: EmulatorHandle;
let org: { id: string; name: string };
let csv: string;
let stored: { total: number; unkeyable: number };

const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
/** CSV lines (header first) as cells; the writer only quotes when needed and our ids need none. */
const cellsOf = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => l.split(","));
const groupOf = (c: string[]) =>
  [
    c[col("start_time")],
    c[col("project_id")],
    c[col("api_key_id")],
    c[col("user_id")],
    c[col("model")],
    c[col("batch")],
  ].join("|");
const batchOf = (c: string[]) => (c[col("batch")] === "" ? null : c[col("batch")] === "true");
const keyable = (c: string[]) => Boolean(c[col("project_id")] && c[col("api_key_id")] && c[col("user_id")]);

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startCliEmulator();
  const created = await orgWithAdminKey(handle.db, emulator);
  org = created.org;
  const config = emulatorConfig(emulator);
  const result = await fetchAndStoreUsageForOrg(handle.db, org.id, { ...CLI_WINDOW, trigger: "backfill" }, { config });
  expect(result.status).toBe("succeeded");
  const [counts] = rowsOf<{ total: string; unkeyable: string }>(
    await handle.db.execute(sql`select count(*)::text as total,
      count(*) filter (where project_id is null or api_key_id is null or provider_user_id is null)::text as unkeyable
      from usage_events where org_id = ${org.id}::uuid`),
  );
  stored = { total: Number(counts!.total), unkeyable: Number(counts!.unkeyable) };
  csv = (await writeStoredCsv(handle.db, { org: org.name })).csv;
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

describe("usage telemetry diff against stored usage", () => {
  it("a CSV written from the stored rows shows zero differences, and counts what it skipped", async () => {
    expect(stored.unkeyable).toBeGreaterThan(0); // service-account keys have no user id
    const report = await runUsageDiff(databaseSource(handle.db), { csvText: csv, org: org.name });
    expect(report.summary).toMatchObject({
      ok: true,
      differences: 0,
      missingInDb: 0,
      extraInDb: 0,
      mismatchedFields: 0,
    });
    expect(report.window).toEqual(CLI_WINDOW);
    expect(report.csvRows).toBe(stored.total);
    expect(report.dbRows).toBe(stored.total);
    expect(report.skipped).toEqual({ csv: stored.unkeyable, db: stored.unkeyable });
    expect(report.compared).toBeGreaterThan(100);
    expect(report.skippedTotals.equal).toBe(true);
    expect(report.skippedTotals.csv.input_tokens).toBeGreaterThan(0);
    expect(report.summary.message).toMatch(
      /^No differences: [\d,]+ group\(s\) match\. Skipped .* \(their totals agree\)\.$/,
    );
  });

  it("a tampered CSV shows exactly the changed, removed and added rows", async () => {
    const [header, ...rows] = cellsOf(csv);
    const groupSizes = new Map<string, number>();
    for (const r of rows) groupSizes.set(groupOf(r), (groupSizes.get(groupOf(r)) ?? 0) + 1);
    // Removed: a row that is its group's only row (else the group shows as changed, not missing).
    const removedAt = rows.findIndex((r) => keyable(r) && groupSizes.get(groupOf(r)) === 1);
    const removed = rows[removedAt]!;
    const changedAt = rows.findIndex((r, i) => i !== removedAt && keyable(r) && groupOf(r) !== groupOf(removed));
    const changed = rows[changedAt]!;
    const tampered = rows.filter((_, i) => i !== removedAt).map((r) => [...r]);
    const changedCopy = tampered.find((r) => r.join(",") === changed.join(","))!;
    changedCopy[col("input_tokens")] = String(Number(changed[col("input_tokens")]) + 1000);
    const added = [...changed];
    added[col("model")] = "gpt-tampered-model";
    tampered.push(added);
    const unattributed = [...changed];
    unattributed[col("user_id")] = "";
    unattributed[col("model")] = "gpt-no-owner";
    tampered.push(unattributed);
    const text = [header, ...tampered].map((r) => r.join(",")).join("\n");

    const report = await runUsageDiff(databaseSource(handle.db), { csvText: text, org: org.id });
    const where = (c: string[]) => ({
      day: new Date(Number(c[col("start_time")]) * 1000).toISOString().slice(0, 10),
      project_id: c[col("project_id")],
      api_key_id: c[col("api_key_id")],
      user_id: c[col("user_id")],
    });
    expect(report.mismatched).toEqual([
      expect.objectContaining({
        ...where(changed),
        model: changed[col("model")],
        field: "input_tokens",
        csv: expect.any(Number),
        db: expect.any(Number),
        diff: -1000,
      }),
    ]);
    expect(report.missingInDb).toEqual([expect.objectContaining({ ...where(added), model: "gpt-tampered-model" })]);
    expect(report.missingInDb[0]!.csv.input_tokens).toBe(Number(added[col("input_tokens")]));
    expect(report.extraInDb).toEqual([
      expect.objectContaining({ ...where(removed), model: removed[col("model")], batch: batchOf(removed) }),
    ]);
    expect(report.summary).toMatchObject({
      ok: false,
      differences: 3,
      missingInDb: 1,
      extraInDb: 1,
      mismatchedGroups: 1,
    });
    expect(report.csvRows).toBe(stored.total + 1);
    expect(report.skipped).toEqual({ csv: stored.unkeyable + 1, db: stored.unkeyable });
    expect(report.skippedTotals.equal).toBe(false);
    expect(report.skippedTotals.csv.input_tokens - report.skippedTotals.db.input_tokens).toBe(
      Number(unattributed[col("input_tokens")]),
    );
  });

  it("an explicit window leaves out CSV rows and stored rows outside it", async () => {
    const report = await runUsageDiff(databaseSource(handle.db), {
      csvText: csv,
      org: org.name,
      start: "2026-10-10",
      end: "2026-10-12",
    });
    expect(report.window).toEqual({ start: "2026-10-10", end: "2026-10-12" });
    expect(report.summary.ok).toBe(true);
    expect(report.csvRows).toBe(report.dbRows);
    expect(report.csvRowsOutsideWindow).toBe(stored.total - report.csvRows);
    // A stored range larger than the CSV's: the missing days are reported as only in the database.
    const [header, ...rows] = cellsOf(csv);
    const oneDay = rows.filter((r) => r[col("start_time_iso")]!.startsWith("2026-10-11"));
    const partial = await runUsageDiff(databaseSource(handle.db), {
      csvText: [header, ...oneDay].map((r) => r.join(",")).join("\n"),
      org: org.name,
      start: "2026-10-10",
      end: "2026-10-12",
    });
    expect(partial.missingInDb).toEqual([]);
    expect(partial.mismatched).toEqual([]);
    expect(new Set(partial.extraInDb.map((e) => e.day))).toEqual(new Set(["2026-10-10", "2026-10-12"]));
  });

  it("names the organization problem in one sentence", async () => {
    await expect(runUsageDiff(databaseSource(handle.db), { csvText: csv, user: "ghost@example.com" })).rejects.toThrow(
      UsageError,
    );
    await expect(runUsageDiff(databaseSource(handle.db), { csvText: csv, org: "No such org" })).rejects.toThrow(
      'no organization matches --org "No such org"',
    );
    const other = await orgWithAdminKey(handle.db, emulator);
    await fetchAndStoreUsageForOrg(
      handle.db,
      other.orgId,
      { start: "2026-10-30", end: "2026-10-31", trigger: "backfill" },
      { config: emulatorConfig(emulator) },
    );
    await expect(runUsageDiff(databaseSource(handle.db), { csvText: csv })).rejects.toThrow(
      "several organizations have stored usage; say whose with --org NAME_OR_ID",
    );
  });
});
