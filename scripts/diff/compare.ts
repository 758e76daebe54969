/**
 * CSV export vs stored usage, keyed on (UTC day, project, API key, user, model, batch) with the
 * service tier summed over. A row lacking project, API key or user id cannot be attributed to a
 * key, so it is skipped and counted rather than reported as a difference.
 */
import type { UsageRow } from "./csv";

export const METRICS = ["input_tokens", "output_tokens", "input_cached_tokens", "num_model_requests"] as const;
export type Metric = (typeof METRICS)[number];
export type Totals = Record<Metric, number>;

export interface GroupKey {
  day: string;
  project_id: string;
  api_key_id: string;
  user_id: string;
  model: string | null;
  batch: boolean | null;
}

export interface DiffReport {
  csvRows: number;
  dbRows: number;
  /** Groups present on both sides. */
  compared: number;
  skipped: { csv: number; db: number };
  /** The skipped rows cannot be matched one by one, but their sums can still be compared. */
  skippedTotals: { csv: Totals; db: Totals; equal: boolean };
  missingInDb: (GroupKey & { csv: Totals })[];
  extraInDb: (GroupKey & { db: Totals })[];
  /** One entry per differing field; diff = db - csv. */
  mismatched: (GroupKey & { field: Metric; csv: number; db: number; diff: number })[];
  summary: {
    ok: boolean;
    differences: number;
    missingInDb: number;
    extraInDb: number;
    mismatchedGroups: number;
    mismatchedFields: number;
    message: string;
  };
}

export const isKeyable = (r: UsageRow) => !r.simulated && Boolean(r.projectId && r.apiKeyId && r.userId);

function totalsOf(r: UsageRow): Totals {
  return {
    input_tokens: r.inputTokens ?? 0,
    output_tokens: r.outputTokens ?? 0,
    input_cached_tokens: r.inputCachedTokens ?? 0,
    num_model_requests: r.numModelRequests ?? 0,
  };
}

const zero = (): Totals => ({ input_tokens: 0, output_tokens: 0, input_cached_tokens: 0, num_model_requests: 0 });

function group(rows: UsageRow[]) {
  const groups = new Map<string, { key: GroupKey; totals: Totals }>();
  let skipped = 0;
  const skippedTotals = zero();
  for (const r of rows) {
    if (!isKeyable(r)) {
      skipped++;
      if (!r.simulated) for (const [m, v] of Object.entries(totalsOf(r)) as [Metric, number][]) skippedTotals[m] += v;
      continue;
    }
    const key: GroupKey = {
      day: r.day,
      project_id: r.projectId!,
      api_key_id: r.apiKeyId!,
      user_id: r.userId!,
      model: r.model,
      batch: r.batch,
    };
    const id = JSON.stringify([key.day, key.project_id, key.api_key_id, key.user_id, key.model, key.batch]);
    const g = groups.get(id);
    const t = totalsOf(r);
    if (!g) groups.set(id, { key, totals: t });
    else for (const m of METRICS) g.totals[m] += t[m];
  }
  return { groups, skipped, skippedTotals };
}

const n = (x: number) => x.toLocaleString("en-US");

export function diffUsage(csvRows: UsageRow[], dbRows: UsageRow[]): DiffReport {
  const csv = group(csvRows);
  const db = group(dbRows);
  const ids = [...new Set([...csv.groups.keys(), ...db.groups.keys()])].sort();
  const report: DiffReport = {
    csvRows: csvRows.length,
    dbRows: dbRows.length,
    compared: 0,
    skipped: { csv: csv.skipped, db: db.skipped },
    skippedTotals: {
      csv: csv.skippedTotals,
      db: db.skippedTotals,
      equal: METRICS.every((m) => csv.skippedTotals[m] === db.skippedTotals[m]),
    },
    missingInDb: [],
    extraInDb: [],
    mismatched: [],
    summary: {
      ok: true,
      differences: 0,
      missingInDb: 0,
      extraInDb: 0,
      mismatchedGroups: 0,
      mismatchedFields: 0,
      message: "",
    },
  };
  const mismatchedGroups = new Set<string>();
  for (const id of ids) {
    const c = csv.groups.get(id);
    const d = db.groups.get(id);
    if (c && !d) report.missingInDb.push({ ...c.key, csv: c.totals });
    else if (d && !c) report.extraInDb.push({ ...d.key, db: d.totals });
    else if (c && d) {
      report.compared++;
      for (const field of METRICS) {
        if (c.totals[field] === d.totals[field]) continue;
        mismatchedGroups.add(id);
        report.mismatched.push({
          ...c.key,
          field,
          csv: c.totals[field],
          db: d.totals[field],
          diff: d.totals[field] - c.totals[field],
        });
      }
    }
  }
  const s = report.summary;
  s.missingInDb = report.missingInDb.length;
  s.extraInDb = report.extraInDb.length;
  s.mismatchedGroups = mismatchedGroups.size;
  s.mismatchedFields = report.mismatched.length;
  s.differences = s.missingInDb + s.extraInDb + s.mismatchedGroups;
  s.ok = s.differences === 0;
  const skipped =
    report.skipped.csv || report.skipped.db
      ? ` Skipped for lacking project, API key or user id: ${n(report.skipped.csv)} CSV row(s), ${n(report.skipped.db)} stored row(s)` +
        ` (their totals ${report.skippedTotals.equal ? "agree" : "DIFFER"}).`
      : "";
  s.message = s.ok
    ? `No differences: ${n(report.compared)} group(s) match.${skipped}`
    : `${n(s.differences)} difference(s): ${n(s.missingInDb)} group(s) only in the CSV, ${n(s.extraInDb)} only in the database, ` +
      `${n(s.mismatchedGroups)} with different numbers (${n(s.mismatchedFields)} field(s)); ${n(report.compared - s.mismatchedGroups)} of ${n(report.compared)} shared group(s) match.${skipped}`;
  return report;
}
