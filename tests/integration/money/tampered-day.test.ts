/**
 * Issue 11: a tampered day (one cost bucket changed at the provider) is caught end to end. The
 * emulator's cost-control knob (POST /__emulator/costs/adjustments) adds to one bucket of one day;
 * then reconciliation flags exactly that day and project for an organization that ingested the
 * tampered bill, and `npm run usage:diff -- --costs --csv ... --strict` (the real CLI, spawned)
 * exits 1 naming that day when the stored bill and the provider's export disagree, 0 when they agree.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { openDatabase } from "@/db/client";
import { JsonNumberText, parseJsonKeepingNumbers } from "@/lib/http-client/lossless-json";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { formatDecimal, parseDecimal, sumDecimals } from "@/lib/money/decimal";
import { getReconciliation, type ReconciliationView } from "@/lib/reconciliation";
import { TEST_ENV } from "../setup-env";
import { tempDir } from "../cli/helpers";
import { adminCredential, emulatorConfig, orgWithAdminKey } from "../ingestion/harness";

const TSX = path.join(process.cwd(), "node_modules", ".bin", "tsx");
const dir = tempDir("tamper");
const dataDir = path.join(dir, "pglite");
const END = "2026-10-31";
const WINDOW = { start: "2026-10-25", end: END };
const NOW = new Date("2026-11-03T12:00:00Z");
const DAY_S = 86_400;

type Line = { day: string; project: string; lineItem: string; amount: string };

let emulator: EmulatorHandle;
let clean: { id: string; view: ReconciliationView };
let tampered: { id: string; view: ReconciliationView };
let target: Line & { extra: string };
let cleanCsv: string;
let tamperedCsv: string;

const unix = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** The emulator's cost for the window by project and line item, as a dashboard CSV export. */
async function exportCosts(): Promise<Line[]> {
  const q = new URLSearchParams({
    start_time: String(unix(WINDOW.start)),
    end_time: String(unix(WINDOW.end) + DAY_S),
    limit: "31",
  });
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
  return body.data.flatMap((b) =>
    b.results.map((r) => ({
      day: new Date(Number(b.start_time.text) * 1000).toISOString().slice(0, 10),
      project: r.project_id,
      lineItem: r.line_item,
      amount: typeof r.amount.value === "string" ? r.amount.value : r.amount.value.text,
    })),
  );
}

const csvOf = (rows: Line[]) =>
  ["Day,Project,Line Item,Amount", ...rows.map((r) => `${r.day},${r.project},"${r.lineItem}",${r.amount}`)].join("\n");

const adjustments = (init?: RequestInit) => fetch(`${emulator.origin}/__emulator/costs/adjustments`, init);

beforeAll(async () => {
  emulator = await startEmulator({
    dataset: generateDataset({
      seed: 11_012,
      projects: 3,
      apiKeysPerProject: 2,
      users: 3,
      models: 4,
      days: 10,
      endDate: END,
      density: 0.8,
      anthropic: false,
    }),
    port: 0,
  });
  const config = emulatorConfig(emulator);
  const handle = await openDatabase({ kind: "pglite", dataDir, autoMigrate: true });
  try {
    const ingest = async (label: string) => {
      const made = await orgWithAdminKey(handle.db, emulator, undefined, label);
      const result = await fetchAndStoreUsageForOrg(
        handle.db,
        made.orgId,
        { ...WINDOW, trigger: "api" },
        { config, now: () => NOW.getTime() },
      );
      expect(result.status).toBe("succeeded");
      return made;
    };
    const a = await ingest("clean bill");
    const lines = await exportCosts();
    cleanCsv = csvOf(lines);
    // The tamper: the biggest line item of the middle day's first project grows by 5% of that project's day.
    const day = "2026-10-28";
    const ofDay = lines.filter((l) => l.day === day && l.project === lines.find((x) => x.day === day)!.project);
    expect(ofDay.length).toBeGreaterThan(1);
    const total = parseDecimal(sumDecimals(ofDay.map((l) => l.amount)))!;
    // 5%, at 6 decimals (the knob takes at most 20 fraction digits; the export carries float noise).
    const extra = formatDecimal({
      units: (total.units * 5n * 10n ** 6n) / (100n * 10n ** BigInt(total.scale)),
      scale: 6,
    });
    const biggest = ofDay.reduce((x, y) => (Number(y.amount) > Number(x.amount) ? y : x));
    target = { ...biggest, extra };
    const posted = await adjustments({
      method: "POST",
      body: JSON.stringify({
        day,
        project_id: biggest.project,
        api_key_id: null,
        line_item: biggest.lineItem,
        amount: extra,
      }),
    });
    expect(posted.status).toBe(200);
    tamperedCsv = csvOf(await exportCosts());
    const b = await ingest("tampered bill");
    await adjustments({ method: "DELETE" });
    const read = (orgActor: typeof a.actor) => getReconciliation(handle.db, orgActor, WINDOW, { now: NOW });
    clean = { id: a.orgId, view: await read(a.actor) };
    tampered = { id: b.orgId, view: await read(b.actor) };
  } finally {
    await handle.close();
  }
}, 300_000);
afterAll(async () => {
  await emulator?.close();
});

function diffCli(csvText: string, org: string, strict = true) {
  const file = path.join(dir, `costs-${org}-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, csvText);
  const out = spawnSync(
    TSX,
    ["scripts/usage-telemetry-diff.ts", "--costs", "--csv", file, "--org", org, ...(strict ? ["--strict"] : [])],
    {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NODE_ENV: "development",
        DATABASE_URL: "",
        PGLITE_DATA_DIR: dataDir,
        ENCRYPTION_KEY: TEST_ENV.ENCRYPTION_KEY,
      },
      encoding: "utf8",
    },
  );
  const report = out.stdout
    ? (JSON.parse(out.stdout) as { mismatched: { day: string; project_id: string; line_item: string; diff: string }[] })
    : null;
  return { status: out.status, stderr: out.stderr, report };
}

describe("a tampered day", () => {
  it("is the one day and project reconciliation flags, by exactly the tampered amount", () => {
    const flagged = tampered.view.days.filter((r) => r.flagged);
    expect(flagged.map((r) => `${r.day} ${r.provider} ${r.projectId}`)).toEqual([
      `${target.day} openai ${target.project}`,
    ]);
    const row = flagged[0]!;
    expect(Math.abs(Number(row.gapUsd) - Number(target.extra))).toBeLessThan(1e-8);
    expect(row.lineItems.map((l) => l.lineItem)).toContain(target.lineItem);
    // Every other closed day and project of the tampered organization still agrees exactly.
    const others = tampered.view.days.filter((r) => !r.flagged);
    expect(others.length).toBeGreaterThan(5);
    for (const r of others) expect(r.captureRate, `${r.day} ${r.projectId}`).toBe("1");
  });

  it("is not flagged for the organization that ingested the untampered bill", () => {
    expect(clean.view.days.length).toBe(tampered.view.days.length);
    expect(clean.view.days.filter((r) => r.flagged)).toEqual([]);
    for (const r of clean.view.days) expect(r.captureRate, `${r.day} ${r.projectId}`).toBe("1");
  });

  it(
    "makes usage:diff --costs --strict exit 1 naming that day, and 0 when export and database agree",
    { timeout: 180_000 },
    () => {
      const agree = diffCli(cleanCsv, clean.id);
      expect(agree.status, agree.stderr).toBe(0);
      expect(agree.report!.mismatched).toEqual([]);

      // The provider's export now says more than the database holds for that day.
      const later = diffCli(tamperedCsv, clean.id);
      expect(later.status, later.stderr).toBe(1);
      expect(later.report!.mismatched.map((m) => [m.day, m.project_id, m.line_item])).toEqual([
        [target.day, target.project, target.lineItem],
      ]);
      expect(Math.abs(Number(later.report!.mismatched[0]!.diff) + Number(target.extra))).toBeLessThan(1e-8);

      // The database holds the tampered bill, the (corrected) export does not.
      const stored = diffCli(cleanCsv, tampered.id);
      expect(stored.status, stored.stderr).toBe(1);
      expect(stored.report!.mismatched.map((m) => m.day)).toEqual([target.day]);
      // Without --strict the same difference is reported but does not fail the run.
      expect(diffCli(cleanCsv, tampered.id, false).status).toBe(0);
    },
  );
});
