/**
 * THE ingestion entry point. The cron route, the Refresh action, POST /api/usage and the backfill
 * CLI all call fetchAndStoreUsageForOrg; there is no other way usage gets into the database.
 * It works per provider ACCOUNT of the organization: each account's window is fetched once, with
 * one working key (./account-ingest.ts), so two keys of one provider organization never count
 * its usage twice. Telemetry's key counters count those per-account syncs.
 */
import type { Db } from "@/db/types";
import { evaluateAlertsAfterIngestion } from "@/lib/alerts/run-after-ingestion";
import type { NotifyAlert } from "@/lib/alerts/notify";
import { getConfig, type AppConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { classify, DeadlineReached, ingestAccount, type RunContext } from "./account-ingest";
import { loadOrgAccounts } from "./key-source";
import { preflightSchema, type PreflightResult } from "./preflight";
import { finishRun, startRun, type IngestionTrigger, type RunStatus } from "./run-log";
import { addIssue, emptyTelemetry, type IngestionTelemetry } from "./telemetry";
import { planUsageWindows } from "./windows";

export interface IngestionOptions {
  /** Inclusive UTC dates `YYYY-MM-DD`; both omitted = the last N complete days plus today. */
  start?: string;
  end?: string;
  label?: string;
  trigger: IngestionTrigger;
  dryRun?: boolean;
  /** Only these provider accounts of the organization (default: all with keys). */
  accountIds?: string[];
  /** The user who asked (Refresh, POST /api/usage), kept on the run; none for cron and CLIs. */
  triggeredByUserId?: string | null;
  /** Refuse windows longer than this (request-bound triggers); the backfill CLI chunks instead. */
  maxDays?: number;
  /** Epoch ms after which no new key or page is started (serverless time budgets). */
  deadline?: number;
  signal?: AbortSignal;
  onProgress?: (event: IngestionProgress) => void;
  /** False when the caller evaluates the organization's alerts itself (the cron: once per organization, not per account). */
  evaluateAlerts?: boolean;
}

export interface IngestionProgress {
  keyLabel: string;
  endpoint: string;
  page: number;
  rows: number;
}

export interface IngestionResult {
  runId: string | null;
  status: RunStatus;
  window: { start: string; end: string; days: number };
  telemetry: IngestionTelemetry;
  /** True when the deadline stopped the run before every account was done. */
  unfinished: boolean;
}

export interface IngestionDeps {
  config?: AppConfig;
  fetch?: typeof fetch;
  now?: () => number;
  /** Where fired budget and anomaly alerts go (the delivery side's enqueue); default: recorded only. */
  notifyAlert?: NotifyAlert;
  /** The schema check already made by a caller running many accounts (the cron: once per invocation). */
  preflight?: PreflightResult;
}

function statusOf(t: IngestionTelemetry, unfinished: boolean): RunStatus {
  const attempted = t.keysProcessed + t.keysFailed + t.keysSimulated;
  if (t.keysFailed > 0 && t.keysFailed === attempted) return "failed";
  if (t.keysFailed > 0 || unfinished || t.keysSimulated > 0) return "partial";
  return "succeeded";
}

export async function fetchAndStoreUsageForOrg(
  db: Db,
  orgId: string,
  options: IngestionOptions,
  deps: IngestionDeps = {},
): Promise<IngestionResult> {
  const config = deps.config ?? getConfig();
  const startedAt = Date.now();
  const window = planUsageWindows({
    start: options.start,
    end: options.end,
    defaultDays: config.ingestion.defaultDays,
    now: (deps.now ?? Date.now)(),
    maxDays: options.maxDays,
  });
  const windowInfo = { start: window.days[0]!, end: window.days.at(-1)!, days: window.days.length };
  const telemetry = emptyTelemetry();

  const preflight = deps.preflight ?? (await preflightSchema(db));
  if (!preflight.ok) {
    addIssue(telemetry, "SCHEMA_MISSING", preflight.missing!);
    return { runId: null, status: "failed", window: windowInfo, telemetry, unfinished: false };
  }
  if (!preflight.dedupeIndexPresent) {
    addIssue(
      telemetry,
      "INDEX_MISSING_FALLBACK",
      "The usage_admin_bucket_idx index is missing, so rows were deduplicated the slow way; run `npm run db:migrate`.",
    );
  }

  const runId = await startRun(db, {
    orgId,
    triggeredByUserId: options.triggeredByUserId,
    trigger: options.trigger,
    label: options.label,
    windowStart: window.start,
    windowEnd: window.end,
    dryRun: Boolean(options.dryRun),
  });
  const accounts = await loadOrgAccounts(db, orgId, options.accountIds);
  if (accounts.length === 0) addIssue(telemetry, "NO_KEYS", "No provider keys to sync: add one on the Keys page.");

  const ctx: RunContext = { db, window, telemetry, options, config, deps, forceManual: !preflight.dedupeIndexPresent };
  let unfinished = false;
  try {
    for (const [i, source] of accounts.entries()) {
      if (options.deadline && Date.now() > options.deadline) {
        unfinished = true;
        telemetry.keysSkipped += accounts.length - i;
        addIssue(
          telemetry,
          "DEADLINE_REACHED",
          "The time budget ran out; the remaining accounts are left for the next run.",
        );
        break;
      }
      await ingestAccount(ctx, source);
    }
  } catch (e) {
    if (!(e instanceof DeadlineReached)) {
      telemetry.durationMs = Date.now() - startedAt;
      await finishRun(db, runId, { status: "failed", telemetry, error: classify(e).message });
      throw e;
    }
    unfinished = true;
    addIssue(
      telemetry,
      "DEADLINE_REACHED",
      "The time budget ran out mid-account; that account and any after it continue next run.",
    );
  }
  telemetry.durationMs = Date.now() - startedAt;
  const status = statusOf(telemetry, unfinished);
  await finishRun(db, runId, {
    status,
    telemetry,
    error: status === "failed" ? telemetry.issues.map((i) => i.message).join(" ") : undefined,
  });
  logger.info("ingestion finished", {
    runId,
    orgId,
    trigger: options.trigger,
    window: `${windowInfo.start}..${windowInfo.end}`,
    status,
    rowsInserted: telemetry.rowsInserted,
    rowsUpdated: telemetry.rowsUpdated,
    requestsMade: telemetry.requestsMade,
  });
  if (!options.dryRun && options.evaluateAlerts !== false) {
    await evaluateAlertsAfterIngestion(db, orgId, {
      notify: deps.notifyAlert,
      now: deps.now ? new Date(deps.now()) : undefined,
    });
  }
  return { runId, status, window: windowInfo, telemetry, unfinished };
}
