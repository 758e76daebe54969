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

const weight = (r: UsageRow) => r.rows ?? 1;
const rowCount = (rows: UsageRow[]) => rows.reduce((n, r) => n + weight(r), 0);

const zero = (): Totals => ({ input_tokens: 0, output_tokens: 0, input_cached_tokens: 0, num_model_requests: 0 });

function group(rows: UsageRow[]) {
  const groups = new Map<string, { key: GroupKey; totals: Totals }>();
  let skipped = 0;
  const skippedTotals = zero();
  for (const r of rows) {
    if (!isKeyable(r)) {
      skipped += weight(r);
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

interface Grouped<K, M extends string> {
  key: K;
  totals: Record<M, number>;
}

export interface GroupComparison<K, M extends string> {
  compared: number;
  missingInDb: (K & { csv: Record<M, number> })[];
  extraInDb: (K & { db: Record<M, number> })[];
  mismatched: (K & { field: M; csv: number; db: number; diff: number })[];
  mismatchedGroups: number;
}

/** Both sides' groups by id (sorted), every metric compared: the core of each provider's diff. */
export function compareGroups<K, M extends string>(
  csv: Map<string, Grouped<K, M>>,
  db: Map<string, Grouped<K, M>>,
  metrics: readonly M[],
): GroupComparison<K, M> {
  const out: GroupComparison<K, M> = {
    compared: 0,
    missingInDb: [],
    extraInDb: [],
    mismatched: [],
    mismatchedGroups: 0,
  };
  const ids = [...new Set([...csv.keys(), ...db.keys()])].sort();
  for (const id of ids) {
    const c = csv.get(id);
    const d = db.get(id);
    if (c && !d) out.missingInDb.push({ ...c.key, csv: c.totals });
    else if (d && !c) out.extraInDb.push({ ...d.key, db: d.totals });
    else if (c && d) {
      out.compared++;
      let differs = false;
      for (const field of metrics) {
        if (c.totals[field] === d.totals[field]) continue;
        differs = true;
        out.mismatched.push({
          ...c.key,
          field,
          csv: c.totals[field],
          db: d.totals[field],
          diff: d.totals[field] - c.totals[field],
        });
      }
      if (differs) out.mismatchedGroups++;
    }
  }
  return out;
}

/** The counts and one-line message every diff report ends with. */
export function summarizeComparison(c: GroupComparison<unknown, string>, suffix = ""): DiffReport["summary"] {
  const missingInDb = c.missingInDb.length;
  const extraInDb = c.extraInDb.length;
  const differences = missingInDb + extraInDb + c.mismatchedGroups;
  const ok = differences === 0;
  return {
    ok,
    differences,
    missingInDb,
    extraInDb,
    mismatchedGroups: c.mismatchedGroups,
    mismatchedFields: c.mismatched.length,
    message: ok
      ? `No differences: ${n(c.compared)} group(s) match.${suffix}`
      : `${n(differences)} difference(s): ${n(missingInDb)} group(s) only in the CSV, ${n(extraInDb)} only in the database, ` +
        `${n(c.mismatchedGroups)} with different numbers (${n(c.mismatched.length)} field(s)); ${n(c.compared - c.mismatchedGroups)} of ${n(c.compared)} shared group(s) match.${suffix}`,
  };
}

export function diffUsage(csvRows: UsageRow[], dbRows: UsageRow[]): DiffReport {
  const csv = group(csvRows);
  const db = group(dbRows);
  const comparison = compareGroups(csv.groups, db.groups, METRICS);
  const skippedTotals = {
    csv: csv.skippedTotals,
    db: db.skippedTotals,
    equal: METRICS.every((m) => csv.skippedTotals[m] === db.skippedTotals[m]),
  };
  const skipped =
    csv.skipped || db.skipped
      ? ` Skipped for lacking project, API key or user id: ${n(csv.skipped)} CSV row(s), ${n(db.skipped)} stored row(s)` +
        ` (their totals ${skippedTotals.equal ? "agree" : "DIFFER"}).`
      : "";
  return {
    csvRows: rowCount(csvRows),
    dbRows: rowCount(dbRows),
    compared: comparison.compared,
    skipped: { csv: csv.skipped, db: db.skipped },
    skippedTotals,
    missingInDb: comparison.missingInDb,
    extraInDb: comparison.extraInDb,
    mismatched: comparison.mismatched,
    summary: summarizeComparison(comparison, skipped),
  };
}
