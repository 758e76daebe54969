/**
 * The backfill itself: every chunk of the plan, for every chosen organization, through the one ingestion
 * entry point (trigger "backfill"). A failing chunk is recorded and the run goes on; an abort
 * signal (Ctrl-C) stops it between requests, and the audit file still says how far it got.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/db/types";
import { orgsWithKeys } from "@/lib/cron/orgs-with-keys";
import { fetchAndStoreUsageForOrg, type IngestionDeps, type IngestionProgress } from "@/lib/ingestion/fetch-and-store";
import type { RunStatus } from "@/lib/ingestion/run-log";
import { emptyTelemetry, mergeTelemetry, type IngestionTelemetry } from "@/lib/ingestion/telemetry";
import { listKeyRows } from "@/lib/keys/list";
import { safeErrorMessage } from "@/lib/logger";
import { findOrganization, findPersonalOrganization, organizationsByIds } from "@/lib/orgs/find";
import { EXIT, UsageError } from "../lib/runtime";
import type { BackfillPlan } from "./args";

export const DEFAULT_AUDIT_DIR = "audit/backfill";

export interface BackfillOrg {
  id: string;
  name: string;
}

/** ok: every key synced; failed: a key (or the run) failed; error: the entry point threw. */
export type StepState = "ok" | "failed" | "error" | "interrupted" | "not-run";

export interface StepResult {
  /** 1-based position among all chunk x organization steps. */
  index: number;
  chunk: number;
  start: string;
  end: string;
  days: number;
  org: BackfillOrg;
  state: StepState;
  dryRun: boolean;
  runId: string | null;
  status: RunStatus | null;
  telemetry?: IngestionTelemetry;
  error?: string;
  durationMs: number;
}

export type BackfillStatus = "succeeded" | "failed" | "interrupted";

export interface BackfillSummary {
  label: string;
  status: BackfillStatus;
  message: string;
  dryRun: boolean;
  window: { start: string; end: string; days: number };
  chunkDays: number;
  chunks: number;
  orgs: BackfillOrg[];
  steps: { total: number; ok: number; failed: number; interrupted: number; notRun: number };
  telemetry: IngestionTelemetry;
  runIds: string[];
  failures: { step: number; range: string; org: string; error: string }[];
  auditFile: string | null;
  auditError?: string;
}

export interface BackfillAudit extends BackfillSummary {
  startedAt: string;
  finishedAt: string;
  results: StepResult[];
}

export interface StepInfo {
  index: number;
  total: number;
  range: string;
  org: BackfillOrg;
}

export interface RunBackfillOptions {
  signal?: AbortSignal;
  onStepStart?: (step: StepInfo) => void;
  onProgress?: (event: IngestionProgress, rowsSoFar: number, step: StepInfo) => void;
  onStep?: (result: StepResult, total: number) => void;
  /** Where `<label>.json` goes (default audit/backfill under the working directory); null = no file. */
  auditDir?: string | null;
  deps?: IngestionDeps;
}

/**
 * --org (an organization's name or id), --user (that user's personal organization), or every
 * organization with keys (least recently synced first, like the daily job).
 */
export async function resolveBackfillOrgs(db: Db, who: { org?: string; user?: string } = {}): Promise<BackfillOrg[]> {
  if (who.org || who.user) {
    const found = who.org ? await findOrganization(db, who.org) : await findPersonalOrganization(db, who.user!);
    if (!found) {
      throw new UsageError(
        who.org
          ? `no organization matches --org "${who.org}" (give an organization's name or id)`
          : `no user matches --user "${who.user}" (give an account email or user id)`,
      );
    }
    if ((await listKeyRows(db, found.id)).length === 0) {
      throw new UsageError(`${found.name} has no provider keys to backfill; add one on the Keys page first`);
    }
    return [{ id: found.id, name: found.name }];
  }
  const orgs = await organizationsByIds(db, await orgsWithKeys(db));
  return orgs.map(({ id, name }) => ({ id, name }));
}

export function stepState(status: RunStatus, t: IngestionTelemetry, aborted: boolean): StepState {
  if (aborted) return "interrupted";
  return status === "failed" || t.keysFailed > 0 ? "failed" : "ok";
}

function failureText(r: StepResult) {
  if (r.error) return r.error;
  const issues = r.telemetry?.issues ?? [];
  return issues.length ? issues.map((i) => `${i.code}: ${i.message}`).join(" ") : `run ended ${r.status}`;
}

export async function runBackfill(
  db: Db,
  plan: BackfillPlan,
  orgs: BackfillOrg[],
  options: RunBackfillOptions = {},
): Promise<BackfillSummary> {
  const { signal } = options;
  const startedAt = Date.now();
  const telemetry = emptyTelemetry();
  const steps = plan.chunks.flatMap((chunk, c) => orgs.map((org) => ({ chunk, c, org })));
  const results: StepResult[] = [];

  for (const [i, { chunk, c, org }] of steps.entries()) {
    const start = chunk.days[0]!;
    const end = chunk.days.at(-1)!;
    const base = { index: i + 1, chunk: c + 1, start, end, days: chunk.days.length, org, dryRun: plan.dryRun };
    const info: StepInfo = { index: i + 1, total: steps.length, range: `${start}..${end}`, org };
    if (signal?.aborted) {
      results.push({ ...base, state: "not-run", runId: null, status: null, durationMs: 0 });
      continue;
    }
    options.onStepStart?.(info);
    const stepStarted = Date.now();
    let rowsSoFar = 0;
    let result: StepResult;
    try {
      const r = await fetchAndStoreUsageForOrg(
        db,
        org.id,
        {
          start,
          end,
          label: plan.label,
          trigger: "backfill",
          dryRun: plan.dryRun,
          signal,
          onProgress: (event) => {
            rowsSoFar += event.rows;
            options.onProgress?.(event, rowsSoFar, info);
          },
        },
        options.deps,
      );
      mergeTelemetry(telemetry, r.telemetry);
      result = {
        ...base,
        state: stepState(r.status, r.telemetry, Boolean(signal?.aborted)),
        runId: r.runId,
        status: r.status,
        telemetry: r.telemetry,
        durationMs: Date.now() - stepStarted,
      };
    } catch (e) {
      result = {
        ...base,
        state: signal?.aborted ? "interrupted" : "error",
        runId: null,
        status: null,
        error: safeErrorMessage(e),
        durationMs: Date.now() - stepStarted,
      };
    }
    results.push(result);
    options.onStep?.(result, steps.length);
  }

  return finishBackfill(plan, orgs, results, telemetry, startedAt, options.auditDir);
}

/** The summary (and audit file) of a backfill's step results; shared with the run through the app (./api.ts). */
export function finishBackfill(
  plan: BackfillPlan,
  orgs: BackfillOrg[],
  results: StepResult[],
  telemetry: IngestionTelemetry,
  startedAt: number,
  auditDirOption: string | null | undefined,
): BackfillSummary {
  telemetry.durationMs = Date.now() - startedAt;
  const count = (...states: StepState[]) => results.filter((r) => states.includes(r.state)).length;
  const interrupted = count("interrupted", "not-run") > 0;
  const failed = count("failed", "error");
  const status: BackfillStatus = interrupted ? "interrupted" : failed > 0 ? "failed" : "succeeded";
  const summary: BackfillSummary = {
    label: plan.label,
    status,
    message: summaryMessage(status, results.length, failed, orgs.length, plan.dryRun),
    dryRun: plan.dryRun,
    window: { start: plan.window.days[0]!, end: plan.window.days.at(-1)!, days: plan.window.days.length },
    chunkDays: plan.chunkDays,
    chunks: plan.chunks.length,
    orgs,
    steps: {
      total: results.length,
      ok: count("ok"),
      failed,
      interrupted: count("interrupted"),
      notRun: count("not-run"),
    },
    telemetry,
    runIds: results.flatMap((r) => (r.runId ? [r.runId] : [])),
    failures: results
      .filter((r) => r.state === "failed" || r.state === "error")
      .map((r) => ({ step: r.index, range: `${r.start}..${r.end}`, org: r.org.name, error: failureText(r) })),
    auditFile: null,
  };

  const auditDir = auditDirOption === undefined ? DEFAULT_AUDIT_DIR : auditDirOption;
  if (auditDir !== null) {
    const file = path.join(auditDir, `${plan.fileLabel}.json`);
    try {
      mkdirSync(auditDir, { recursive: true });
      summary.auditFile = path.relative(process.cwd(), path.resolve(file)) || file;
      const audit: BackfillAudit = {
        ...summary,
        startedAt: new Date(startedAt).toISOString(),
        finishedAt: new Date().toISOString(),
        results,
      };
      writeFileSync(file, JSON.stringify(audit, null, 2) + "\n");
    } catch (e) {
      summary.auditFile = null;
      summary.auditError = `could not write ${file}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return summary;
}

function summaryMessage(status: BackfillStatus, steps: number, failed: number, orgs: number, dryRun: boolean) {
  if (orgs === 0) return "No organization has provider keys; nothing to backfill.";
  const what = dryRun ? "fetched (dry run, nothing stored)" : "stored";
  if (status === "interrupted") {
    return "Interrupted. Rows stored so far are kept; run the same command again to finish (chunks are upserted, so repeating them is safe).";
  }
  if (status === "failed") {
    return `${failed} of ${steps} chunk run(s) failed; the others were ${what}. Fix the cause and run the same command again.`;
  }
  return `All ${steps} chunk run(s) ${what}.`;
}

export function exitCodeFor(summary: BackfillSummary): number {
  if (summary.status === "interrupted") return 130;
  return summary.status === "failed" ? EXIT.failed : EXIT.ok;
}
