import type { UsagePageIssueCode } from "@/lib/providers/adapter";
import type { ProviderIssueCode } from "@/lib/providers/types";

/** Counters one ingestion run reports, and the issues it met grouped by code. */
export type IngestionIssueCode =
  | ProviderIssueCode
  | UsagePageIssueCode
  | "DECRYPT_FAILED"
  | "SCHEMA_MISSING"
  | "INDEX_MISSING_FALLBACK"
  | "SIMULATED_USAGE"
  | "NO_KEYS"
  | "PROVIDER_UNSUPPORTED"
  | "DEADLINE_REACHED"
  | "CATALOG_INCOMPLETE"
  /** The provider refused a cost grouping for a window; cost was stored with a coarser one. */
  | "COST_GROUPING_REDUCED"
  | "INTERNAL";

export interface IngestionIssue {
  code: IngestionIssueCode;
  message: string;
  count: number;
  keys: string[];
}

export interface IngestionTelemetry {
  keysProcessed: number;
  keysFailed: number;
  keysSimulated: number;
  keysSkipped: number;
  windowsProcessed: number;
  requestsMade: number;
  retries: number;
  rowsFetched: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  manualDedupeBatches: number;
  durationMs: number;
  issues: IngestionIssue[];
  /**
   * Per provider: "ok" when every account of that provider synced in full, else "failed". Kept in
   * ingestion_runs so the metrics' last success and watermark survive restarts (src/lib/metrics).
   */
  providers: Record<string, ProviderRunOutcome>;
}

export type ProviderRunOutcome = "ok" | "failed";

export const COUNTER_FIELDS = [
  "keysProcessed",
  "keysFailed",
  "keysSimulated",
  "keysSkipped",
  "windowsProcessed",
  "requestsMade",
  "retries",
  "rowsFetched",
  "rowsInserted",
  "rowsUpdated",
  "rowsUnchanged",
  "manualDedupeBatches",
  "durationMs",
] as const satisfies readonly (keyof IngestionTelemetry)[];

export function emptyTelemetry(): IngestionTelemetry {
  return {
    keysProcessed: 0,
    keysFailed: 0,
    keysSimulated: 0,
    keysSkipped: 0,
    windowsProcessed: 0,
    requestsMade: 0,
    retries: 0,
    rowsFetched: 0,
    rowsInserted: 0,
    rowsUpdated: 0,
    rowsUnchanged: 0,
    manualDedupeBatches: 0,
    durationMs: 0,
    issues: [],
    providers: {},
  };
}

/** A failed account makes its provider "failed" for the run, whatever its other accounts did. */
export function noteProviderOutcome(t: IngestionTelemetry, provider: string, outcome: ProviderRunOutcome) {
  if (t.providers[provider] !== "failed") t.providers[provider] = outcome;
}

export function addIssue(t: IngestionTelemetry, code: IngestionIssueCode, message: string, keyLabel?: string) {
  const existing = t.issues.find((i) => i.code === code);
  if (existing) {
    existing.count += 1;
    if (keyLabel && !existing.keys.includes(keyLabel)) existing.keys.push(keyLabel);
    return;
  }
  t.issues.push({ code, message, count: 1, keys: keyLabel ? [keyLabel] : [] });
}

/** Adds `from` into `into`: used by the cron route and the backfill CLI to total many runs. */
export function mergeTelemetry(into: IngestionTelemetry, from: IngestionTelemetry) {
  for (const field of COUNTER_FIELDS) into[field] += from[field];
  for (const [provider, outcome] of Object.entries(from.providers ?? {})) noteProviderOutcome(into, provider, outcome);
  for (const issue of from.issues) {
    const existing = into.issues.find((i) => i.code === issue.code);
    if (existing) {
      existing.count += issue.count;
      for (const k of issue.keys) if (!existing.keys.includes(k)) existing.keys.push(k);
    } else {
      into.issues.push({ ...issue, keys: [...issue.keys] });
    }
  }
  return into;
}
