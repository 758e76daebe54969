import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseSource } from "../../../scripts/diff/source";
import { runCostDiff } from "../../../scripts/diff/cost-csv";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import type { DbHandle } from "@/db/types";
import { JsonNumberText, parseJsonKeepingNumbers } from "@/lib/http-client/lossless-json";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { adminCredential, emulatorConfig, orgWithAdminKey } from "../ingestion/harness";
import { createTestDb } from "../test-db";

const NOW = Date.parse("2025-12-20T15:00:00Z");
let handle: DbHandle;
let emulator: EmulatorHandle;
let org: { id: string; name: string };
/** The emulator's cost for 12-10..12-12 by project and line item, as a dashboard CSV export. */
let lines: { day: string; project: string; lineItem: string; amount: string }[] = [];

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startEmulator({
    dataset: generateDataset({
      seed: 5_150,
      projects: 2,
      apiKeysPerProject: 2,
      users: 2,
      models: 3,
      days: 20,
      endDate: "2025-12-20",
      density: 0.6,
    }),
    port: 0,
  });
  const made = await orgWithAdminKey(handle.db, emulator);
  org = { id: made.orgId, name: made.org.name };
  const result = await fetchAndStoreUsageForOrg(
    handle.db,
    org.id,
    { trigger: "api", start: "2025-12-10", end: "2025-12-12" },
    { config: emulatorConfig(emulator), now: () => NOW },
  );
  expect(result.status).toBe("succeeded");

  // Per project and line item (no API key): OpenAI's own sums, with their own float noise.
  const q = new URLSearchParams({ start_time: "1765324800", end_time: "1765584000", limit: "3" });
  q.append("group_by[]", "project_id");
  q.append("group_by[]", "line_item");
  const res = await fetch(`${emulator.url}/organization/costs?${q}`, {
    headers: { Authorization: `Bearer ${adminCredential(emulator).apiKey}` },
  });
  const body = parseJsonKeepingNumbers(await res.text()) as {
    has_more: boolean;
    data: {
      start_time: JsonNumberText;
      results: { project_id: string; line_item: string; amount: { value: JsonNumberText | string } }[];
    }[];
  };
  expect(body.has_more).toBe(false);
  lines = body.data.flatMap((b) =>
    b.results.map((r) => ({
      day: new Date(Number(b.start_time.text) * 1000).toISOString().slice(0, 10),
      project: r.project_id,
      lineItem: r.line_item,
      amount: typeof r.amount.value === "string" ? r.amount.value : r.amount.value.text,
    })),
  );
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

const toCsv = (rows: typeof lines) =>
  ["Day,Project,Line Item,Amount", ...rows.map((r) => `${r.day},${r.project},"${r.lineItem}",${r.amount}`)].join("\n");

describe("usage:diff --costs", () => {
  it("finds no difference between the provider's cost export and the stored billed cost", async () => {
    expect(lines.length).toBeGreaterThan(5);
    const report = await runCostDiff(databaseSource(handle.db), { csvText: toCsv(lines), org: org.id });
    expect(report.window).toEqual({ start: "2025-12-10", end: "2025-12-12" });
    expect(report.compared).toBe(lines.length);
    expect(report.mismatched).toEqual([]);
    expect(report.missingInDb).toEqual([]);
    expect(report.extraInDb).toEqual([]);
    expect(report.summary.ok).toBe(true);
  });

  it("flags a tampered amount with the exact difference, a line missing from the database, and one only in it", async () => {
    const tampered = lines.map((l, i) => (i === 0 ? { ...l, amount: (Number(l.amount) + 0.25).toFixed(10) } : l));
    const withExtra = [...tampered.slice(0, -1), { ...lines[0]!, lineItem: "gpt-made-up, input", amount: "3.5" }];
    const report = await runCostDiff(databaseSource(handle.db), { csvText: toCsv(withExtra), org: org.id });
    expect(report.mismatched).toHaveLength(1);
    expect(report.mismatched[0]).toMatchObject({
      day: lines[0]!.day,
      project_id: lines[0]!.project,
      line_item: lines[0]!.lineItem,
    });
    expect(Number(report.mismatched[0]!.diff)).toBeCloseTo(-0.25, 8);
    expect(report.missingInDb).toEqual([
      { day: lines[0]!.day, project_id: lines[0]!.project, line_item: "gpt-made-up, input", csv: "3.5" },
    ]);
    const last = lines.at(-1)!;
    expect(report.extraInDb).toEqual([
      expect.objectContaining({ day: last.day, project_id: last.project, line_item: last.lineItem }),
    ]);
    expect(report.summary).toMatchObject({ ok: false, differences: 3 });
  });
});
