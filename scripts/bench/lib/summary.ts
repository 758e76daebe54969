/** The benchmark's console output: progress lines while it runs and the summary at the end. */

export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
export const log = (line: string) => process.stderr.write(line + "\n");

/** Logs every ~5% of `total`. */
export function progress(label: string, total: number) {
  const started = performance.now();
  let nextPct = 5;
  return (done: number, extra = "") => {
    const pct = (done / total) * 100;
    if (pct + 1e-9 < nextPct && done < total) return;
    while (nextPct <= pct) nextPct += 5;
    const s = (performance.now() - started) / 1000;
    log(
      `[${label}] ${pct.toFixed(0).padStart(3)}% ${fmt(done)}/${fmt(total)} rows${extra}  ${s.toFixed(1)} s  ${fmt(done / s)} rows/s`,
    );
  };
}

export interface Summary {
  rows: number;
  requests: number;
  pages: { total: number };
  ingest: {
    seconds: number;
    rows_per_s: number;
    usage_pages_rows_per_s: number;
    peak_rss_mb: number;
    peak_heap_mb: number;
    time_split_s: object;
  };
  rerun: { seconds: number; rows_per_s: number; usage_pages_rows_per_s: number; rows_unchanged: number };
  raw_insert: { seconds: number; rows_per_s: number };
  raw_insert_cost_lines: { rows: number; seconds: number };
  anthropic: {
    rows: number;
    pages: { total: number };
    seconds: number;
    rows_per_s: number;
    usage_page_ms: { median: number; p95: number };
  };
  ratio: number;
  ratio_usage_pages: number;
  ratio_all_rows: number;
  ratio_all_rows_rerun: number;
  database: { kind: string; version: string };
  profile: {
    us_per_row: Record<string, number>;
    share_pct: Record<string, number>;
    write_ladder: { step: string; us_per_row: number; rows_per_s: number }[];
  } | null;
}

export function printSummary(o: Summary) {
  const lines = [
    `Ingest benchmark on ${o.database.kind} ${o.database.version}: ${fmt(o.rows)} rows, ${fmt(o.requests)} requests, ${o.pages.total} usage pages`,
    `  ingest      ${o.ingest.seconds.toFixed(1).padStart(7)} s  ${fmt(o.ingest.rows_per_s).padStart(8)} rows/s  peak RSS ${o.ingest.peak_rss_mb} MB, heap ${o.ingest.peak_heap_mb} MB; page loop alone ${fmt(o.ingest.usage_pages_rows_per_s)} rows/s`,
    `  rerun       ${o.rerun.seconds.toFixed(1).padStart(7)} s  ${fmt(o.rerun.rows_per_s).padStart(8)} rows/s  (${fmt(o.rerun.rows_unchanged)} unchanged); page loop alone ${fmt(o.rerun.usage_pages_rows_per_s)} rows/s`,
    `  raw insert  ${o.raw_insert.seconds.toFixed(1).padStart(7)} s  ${fmt(o.raw_insert.rows_per_s).padStart(8)} rows/s`,
    `  raw insert of the ${fmt(o.raw_insert_cost_lines.rows)} cost lines the run also wrote: ${o.raw_insert_cost_lines.seconds} s`,
    `  ratio ingest/raw ${o.ratio} (page loop alone: ${o.ratio_usage_pages}); re-run ${(o.ingest.seconds / o.rerun.seconds).toFixed(2)}x faster than the first run`,
    `  ratio against a raw insert of every row written (usage + cost lines): ${o.ratio_all_rows}, re-run ${o.ratio_all_rows_rerun}`,
    `  ingest time split (s): ${JSON.stringify(o.ingest.time_split_s)}`,
    `  anthropic   ${o.anthropic.seconds.toFixed(1).padStart(7)} s  ${fmt(o.anthropic.rows_per_s).padStart(8)} rows/s  ${fmt(o.anthropic.rows)} rows, ${o.anthropic.pages.total} pages (usage page median ${o.anthropic.usage_page_ms.median} ms, p95 ${o.anthropic.usage_page_ms.p95} ms)`,
  ];
  if (o.profile) {
    lines.push(
      `  profile, us/row: ${Object.entries(o.profile.us_per_row)
        .map(([k, v]) => `${k} ${v} (${o.profile!.share_pct[k]}%)`)
        .join(", ")}`,
      "  write ladder (sample, empty tables):",
      ...o.profile.write_ladder.map(
        (s) =>
          `    ${s.step.padEnd(52)} ${String(s.us_per_row).padStart(7)} us/row ${fmt(s.rows_per_s).padStart(8)} rows/s`,
      ),
    );
  }
  console.log(lines.join("\n"));
}
