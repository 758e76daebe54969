/**
 * What a backfill prints while it works: one line per finished chunk and, on a terminal, a bar
 * redrawn on every page the entry point reports. Formatting is pure; the reporter does the writing.
 */
import type { IngestionProgress } from "@/lib/ingestion/fetch-and-store";
import type { StepResult } from "./run";

const fmt = (n: number) => n.toLocaleString("en-US");
export const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export function chunkRange(days: string[]) {
  return `${days[0]}..${days.at(-1)}`;
}

/** `[3/13] 2026-01-15..2026-01-21 Acme: 12,345 rows (1,200 new, 0 updated) in 2.1s` */
export function formatStepLine(step: StepResult, total: number): string {
  const head = `[${step.index}/${total}] ${step.start}..${step.end} ${step.org.name}:`;
  const took = formatSeconds(step.durationMs);
  if (step.state === "not-run") return `${head} not run (interrupted before it started)`;
  if (step.state === "error") return `${head} FAILED in ${took}: ${step.error}`;
  // Stopped mid-request before any run came back (through the app, or the entry point threw on abort).
  if (!step.telemetry) return `${head} INTERRUPTED in ${took}${step.error ? `: ${step.error}` : ""}`;
  const t = step.telemetry!;
  const rows = step.dryRun
    ? `${fmt(t.rowsFetched)} rows fetched (dry run, nothing stored)`
    : `${fmt(t.rowsFetched)} rows (${fmt(t.rowsInserted)} new, ${fmt(t.rowsUpdated)} updated)`;
  // An interrupted run's issues are the abort itself, reported as a key failure: not worth repeating.
  const issues = (step.state === "interrupted" ? [] : t.issues)
    .map((i) => `${i.code}${i.count > 1 ? ` x${i.count}` : ""}: ${i.message}`)
    .join("; ");
  const lead = step.state === "interrupted" ? "INTERRUPTED after " : step.state === "failed" ? "FAILED, " : "";
  return `${head} ${lead}${rows} in ${took}${issues ? ` [${issues}]` : ""}`;
}

export interface BarState {
  done: number;
  total: number;
  step?: { index: number; range: string; org: string };
  page?: IngestionProgress;
  rows?: number;
}

/** `[██████░░░░░░░░░░░░░░]  3/13 2026-01-15..2026-01-21 Acme · completions p2 · 4,120 rows` */
export function renderBar(state: BarState, columns = 100, width = 20): string {
  const ratio = state.total ? Math.min(1, state.done / state.total) : 1;
  const filled = Math.round(ratio * width);
  const bar = `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${state.done}/${state.total}`;
  const parts = [bar];
  if (state.step) parts.push(`${state.step.range} ${state.step.org}`);
  if (state.page) parts.push(`${state.page.keyLabel}: ${state.page.endpoint} p${state.page.page}`);
  if (state.rows !== undefined) parts.push(`${fmt(state.rows)} rows`);
  const line = parts.join(" · ");
  return line.length > columns - 1 ? line.slice(0, Math.max(0, columns - 2)) + "…" : line;
}

export interface ProgressReporter {
  /** A permanent line (above the bar, if there is one). */
  line(text: string): void;
  bar(state: BarState): void;
  /** Removes the bar; later output starts on a clean line. */
  close(): void;
}

type Stream = Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean; columns?: number };

export function createProgressReporter(stream: Stream): ProgressReporter {
  const tty = Boolean(stream.isTTY);
  let current = "";
  const clear = () => {
    if (tty && current) stream.write("\r\x1b[2K");
  };
  return {
    line(text) {
      clear();
      stream.write(text + "\n");
      if (tty && current) stream.write(current);
    },
    bar(state) {
      if (!tty) return;
      clear();
      current = renderBar(state, stream.columns ?? 100);
      stream.write(current);
    },
    close() {
      clear();
      current = "";
    },
  };
}
