/**
 * `usage:diff --costs`: an OpenAI cost CSV export (the dashboard's Cost export: day, project, line
 * item, amount) against the billed cost CogniTrack stored, per (UTC day, project, line item), in
 * exact decimals (equal = within COST_TOLERANCE_USD, the float noise). Tolerant like the usage reader: header names in any case and with spaces, ISO or
 * unix days, amounts as plain decimals, "$1,234.50" or float-noise numbers; rows with identical
 * visible fields are summed. The column names are the ones the brief and exports in the wild use,
 * not a published spec: unknown columns are ignored, missing ones are named in the error.
 */
import { decimalFromAmountText } from "@/lib/money/amount-text";
import { formatDecimal, parseDecimal, sumDecimals } from "@/lib/money/decimal";
import { UsageError } from "../lib/runtime";
import { dayOf, parseTimestamp, readCsvTable } from "./csv";
import type { StoredSource } from "./source";
import type { DayRange, DiffOrg } from "./stored";

export interface CostCsvRow {
  day: string;
  projectId: string | null;
  lineItem: string | null;
  /** Exact decimal text. */
  amount: string;
  line: number;
}

const ALIASES = {
  day: ["day", "date", "start_time", "start_time_iso", "bucket_start_time", "usage_date"],
  project: ["project_id", "project"],
  lineItem: ["line_item", "line_items", "item", "description"],
  amount: ["amount", "amount_value", "amount_usd", "cost", "cost_usd", "value"],
  currency: ["currency", "amount_currency"],
} as const;
type Field = keyof typeof ALIASES;

/** "$1,234.50" or "1234.50" or 0.12000000000000001 -> the exact decimal; null when it is none of those. */
function parseAmount(text: string): string | null {
  const bare = /^-?\$?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\$\d+(\.\d+)?$/.test(text) ? text.replace(/[$,]/g, "") : text;
  return decimalFromAmountText(bare);
}

export function parseCostCsv(text: string | Buffer): CostCsvRow[] {
  const table = readCsvTable<Field>(text, ALIASES);
  const missing = (["day", "amount"] as const).filter((f) => !table.has(f));
  if (missing.length) {
    throw new UsageError(
      `the cost CSV has no ${missing.join(" or ")} column; its columns are: ${table.columns.join(", ") || "(none)"}`,
    );
  }
  const rows: CostCsvRow[] = [];
  for (const { line, cell } of table.rows) {
    const dayText = cell("day");
    const amountText = cell("amount");
    // Days without cost come as rows with an empty amount.
    if (!amountText) continue;
    const ts = dayText ? parseTimestamp(dayText) : null;
    if (ts === null) throw new UsageError(`line ${line}: "${(dayText ?? "").slice(0, 40)}" is not a day`);
    const amount = parseAmount(amountText);
    if (amount === null) throw new UsageError(`line ${line}: amount "${amountText.slice(0, 40)}" is not a number`);
    const currency = cell("currency");
    if (currency && currency.toUpperCase() !== "USD") {
      throw new UsageError(`line ${line}: currency ${currency.slice(0, 10)} is not USD; only USD exports compare`);
    }
    rows.push({ day: dayOf(ts), projectId: cell("project"), lineItem: cell("lineItem"), amount, line });
  }
  return rows;
}

export interface CostGroup {
  day: string;
  project_id: string | null;
  line_item: string | null;
}

export interface CostDiffReport {
  org: DiffOrg;
  window: DayRange;
  csvRows: number;
  dbRows: number;
  compared: number;
  totals: { csv: string; db: string; diff: string };
  missingInDb: (CostGroup & { csv: string })[];
  extraInDb: (CostGroup & { db: string })[];
  /** diff = db - csv, exact. */
  mismatched: (CostGroup & { csv: string; db: string; diff: string })[];
  summary: { ok: boolean; differences: number; message: string };
}

const keyOf = (g: { day: string; projectId: string | null; lineItem: string | null }) =>
  JSON.stringify([g.day, g.projectId, g.lineItem]);
/**
 * Float noise: OpenAI's export and its API each round their own sums of the same line item (at
 * ~1e-17), so amounts within a millionth of a dollar are the same amount.
 */
export const COST_TOLERANCE_USD = "0.000001";
function withinTolerance(diff: string): boolean {
  const d = parseDecimal(diff)!;
  const t = parseDecimal(COST_TOLERANCE_USD)!;
  const scale = Math.max(d.scale, t.scale);
  const abs = (d.units < 0n ? -d.units : d.units) * 10n ** BigInt(scale - d.scale);
  return abs <= t.units * 10n ** BigInt(scale - t.scale);
}
const minus = (a: string, b: string) => {
  const nb = parseDecimal(b)!;
  return sumDecimals([a, formatDecimal({ units: -nb.units, scale: nb.scale })]);
};

export async function runCostDiff(
  source: StoredSource,
  input: { csvText: string | Buffer; org?: string; user?: string; start?: string; end?: string },
): Promise<CostDiffReport> {
  const all = parseCostCsv(input.csvText);
  const days = all.map((r) => r.day).sort();
  const start = input.start ?? days[0];
  const end = input.end ?? days.at(-1);
  if (!start || !end) throw new UsageError("the CSV has no cost rows; give --start and --end to compare anyway");
  const rows = all.filter((r) => r.day >= start && r.day <= end);
  const data = await source.read(input, { start, end, provider: "openai", grain: "costs" });
  const org = data.org;
  const stored = (data.costs ?? []).filter((r) => r.currency === "USD");

  const csvGroups = new Map<string, { group: CostGroup; amounts: string[] }>();
  for (const r of rows) {
    const k = keyOf(r);
    const g = csvGroups.get(k) ?? {
      group: { day: r.day, project_id: r.projectId, line_item: r.lineItem },
      amounts: [],
    };
    g.amounts.push(r.amount);
    csvGroups.set(k, g);
  }
  const dbGroups = new Map(stored.map((r) => [keyOf(r), r]));
  const report: CostDiffReport = {
    org,
    window: { start, end },
    csvRows: rows.length,
    dbRows: stored.length,
    compared: 0,
    totals: {
      csv: sumDecimals(rows.map((r) => r.amount)),
      db: sumDecimals(stored.map((r) => r.amount)),
      diff: "0",
    },
    missingInDb: [],
    extraInDb: [],
    mismatched: [],
    summary: { ok: true, differences: 0, message: "" },
  };
  report.totals.diff = minus(report.totals.db, report.totals.csv);
  for (const [k, { group, amounts }] of csvGroups) {
    const csv = sumDecimals(amounts);
    const dbRow = dbGroups.get(k);
    if (!dbRow) {
      if (!withinTolerance(csv)) report.missingInDb.push({ ...group, csv });
      continue;
    }
    report.compared++;
    const diff = minus(dbRow.amount, csv);
    if (!withinTolerance(diff)) report.mismatched.push({ ...group, csv, db: dbRow.amount, diff });
  }
  for (const [k, r] of dbGroups) {
    if (!csvGroups.has(k) && !withinTolerance(r.amount)) {
      report.extraInDb.push({ day: r.day, project_id: r.projectId, line_item: r.lineItem, db: r.amount });
    }
  }
  const differences = report.missingInDb.length + report.extraInDb.length + report.mismatched.length;
  report.summary = {
    ok: differences === 0,
    differences,
    message:
      differences === 0
        ? `Billed cost matches: ${report.compared} day/project/line item group(s), $${report.totals.db} in all.`
        : `${differences} difference(s): ${report.mismatched.length} amount(s) differ, ${report.missingInDb.length} missing in the database, ${report.extraInDb.length} only in the database (database $${report.totals.db} vs CSV $${report.totals.csv}).`,
  };
  return report;
}
