/**
 * The analytics bench's output: the machine, targets met or missed, the table it prints, and the
 * one audit/bench/analytics.json that holds the default run at its top level and any other run
 * (e.g. pglite_1m, postgresql_10m) under `other_runs`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { round } from "./raw-insert";
import type { Figure } from "./stats";

export const TARGETS = { view_median_ms: 100, page_load_median_ms: 150 };

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? "unknown",
    memory_gb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** The 1-, 5- and 15-minute load averages: other work on the machine skews every figure. */
export const loadAverage = () => os.loadavg().map((n) => round(n, 2));

type Results = Record<string, Record<string, Figure>>;

/** bulk: the bulk reads by name, with why they are outside the per-view target (reported apart). */
export function targetsOf(results: Results, pageLoad: Record<string, Figure>, bulk: Record<string, string> = {}) {
  const missed: string[] = [];
  for (const [range, figures] of Object.entries(results)) {
    for (const [name, f] of Object.entries(figures)) {
      if (name in bulk) continue;
      if (f.median_ms >= TARGETS.view_median_ms) missed.push(`${range} ${name}: ${f.median_ms} ms`);
    }
  }
  const page: Record<string, boolean> = {};
  for (const [range, f] of Object.entries(pageLoad)) page[range] = f.median_ms < TARGETS.page_load_median_ms;
  return {
    ...TARGETS,
    every_view_met: missed.length === 0,
    views_missed: missed,
    page_load_met: page,
    bulk_reads_not_targeted: bulk,
  };
}

export function ratiosOf(
  results: Results,
  baseline: Results,
  page: Record<string, Figure>,
  pageBase: Record<string, Figure>,
) {
  const out: Record<string, Record<string, number>> = {};
  for (const [range, figures] of Object.entries(results)) {
    out[range] = {};
    for (const [name, f] of Object.entries(figures)) {
      const base = baseline[range]?.[name];
      if (base) out[range][name] = round(base.median_ms / f.median_ms, 1);
    }
    if (page[range] && pageBase[range])
      out[range].page_load = round(pageBase[range].median_ms / page[range].median_ms, 1);
  }
  return out;
}

/** Writes `run` at the top level (keeping other_runs), or under other_runs[as]. */
export function writeRun(file: string, run: Record<string, unknown>, as: string | undefined, reused = false): string {
  const out = path.resolve(file);
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>) : {};
  const others = (previous.other_runs ?? {}) as Record<string, unknown>;
  if (reused) {
    // A re-timing run loaded nothing: keep the load figures of the run that loaded the data.
    const before = (as ? others[as] : previous) as { load?: { from_loading_run?: unknown } } | undefined;
    const loading = before?.load?.from_loading_run ?? before?.load ?? null;
    run = { ...run, load: { reused_database: true, from_loading_run: loading } };
  }
  const next = as ? { ...previous, other_runs: { ...others, [as]: run } } : { ...run, other_runs: others };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(next, null, 2) + "\n");
  return path.relative(process.cwd(), out);
}

export function printTable(results: Record<string, Record<string, Figure & { path: string }>>, baseline: Results) {
  const names = Object.keys(results["1y"]!);
  const cell = (f: Figure | undefined) => (f ? `${f.median_ms.toFixed(1)} / ${f.p95_ms.toFixed(1)}` : "-");
  const rows = names.map((n) => {
    const y = results["1y"]![n]!;
    const by = baseline["1y"]![n];
    return [
      n,
      y.path,
      cell(y),
      cell(results["30d"]![n]),
      cell(by),
      by ? `${(by.median_ms / y.median_ms).toFixed(1)}x` : "-",
    ];
  });
  const head = ["view", "served by (1y)", "1y median / p95 ms", "30d median / p95 ms", "baseline 1y ms", "speed-up 1y"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}
