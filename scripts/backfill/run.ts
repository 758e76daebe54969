/**
 * The backfill itself: every chunk of the plan, for every chosen user, through the one ingestion
 * entry point (trigger "backfill"). A failing chunk is recorded and the run goes on; an abort
 * signal (Ctrl-C) stops it between requests, and the audit file still says how far it got.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { providerKeys, users as usersTable } from "@/db/schema";
import type { Db } from "@/db/types";
import { findUserByEmailOrId } from "@/lib/auth/accounts";
import { usersWithKeys } from "@/lib/cron/daily-usage";
import { fetchAndStoreUsageForUser, type IngestionDeps, type IngestionProgress } from "@/lib/ingestion/fetch-and-store";
import type { RunStatus } from "@/lib/ingestion/run-log";
import { emptyTelemetry, mergeTelemetry, type IngestionTelemetry } from "@/lib/ingestion/telemetry";
import { safeErrorMessage } from "@/lib/logger";
import { EXIT, UsageError } from "../lib/runtime";
import type { BackfillPlan } from "./args";

export const DEFAULT_AUDIT_DIR = "audit/backfill";

export interface BackfillUser {
  id: string;
  email: string;
}

/** ok: every key synced; failed: a key (or the run) failed; error: the entry point threw. */
export type StepState = "ok" | "failed" | "error" | "interrupted" | "not-run";

export interface StepResult {
  /** 1-based position among all chunk x user steps. */
  index: number;
  chunk: number;
  start: string;
  end: string;
  days: number;
  user: BackfillUser;
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
  users: BackfillUser[];
  steps: { total: number; ok: number; failed: number; interrupted: number; notRun: number };
  telemetry: IngestionTelemetry;
  runIds: string[];
  failures: { step: number; range: string; user: string; error: string }[];
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
  user: BackfillUser;
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

/** --user, or every user with keys (least recently synced first, like the daily job). */
export async function resolveBackfillUsers(db: Db, user?: string): Promise<BackfillUser[]> {
  if (user) {
    const found = await findUserByEmailOrId(db, user);
    if (!found) throw new UsageError(`no user matches --user "${user}" (give an account email or user id)`);
    const keys = await db
      .select({ id: providerKeys.id })
      .from(providerKeys)
      .where(eq(providerKeys.userId, found.id))
      .limit(1);
    if (keys.length === 0) {
      throw new UsageError(`${found.email} has no provider keys to backfill; add one on the Keys page first`);
    }
    return [{ id: found.id, email: found.email }];
  }
  const ids = await usersWithKeys(db);
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: usersTable.id, email: usersTable.email })
    .from(usersTable)
    .where(inArray(usersTable.id, ids));
  const emails = new Map(rows.map((r) => [r.id, r.email]));
  return ids.map((id) => ({ id, email: emails.get(id) ?? id }));
}

function stepState(status: RunStatus, t: IngestionTelemetry, aborted: boolean): StepState {
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
  users: BackfillUser[],
  options: RunBackfillOptions = {},
): Promise<BackfillSummary> {
  const { signal } = options;
  const startedAt = Date.now();
  const telemetry = emptyTelemetry();
  const steps = plan.chunks.flatMap((chunk, c) => users.map((user) => ({ chunk, c, user })));
  const results: StepResult[] = [];

  for (const [i, { chunk, c, user }] of steps.entries()) {
    const start = chunk.days[0]!;
    const end = chunk.days.at(-1)!;
    const base = { index: i + 1, chunk: c + 1, start, end, days: chunk.days.length, user, dryRun: plan.dryRun };
    const info: StepInfo = { index: i + 1, total: steps.length, range: `${start}..${end}`, user };
    if (signal?.aborted) {
      results.push({ ...base, state: "not-run", runId: null, status: null, durationMs: 0 });
      continue;
    }
    options.onStepStart?.(info);
    const stepStarted = Date.now();
    let rowsSoFar = 0;
    let result: StepResult;
    try {
      const r = await fetchAndStoreUsageForUser(
        db,
        user.id,
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

  telemetry.durationMs = Date.now() - startedAt;
  const count = (...states: StepState[]) => results.filter((r) => states.includes(r.state)).length;
  const interrupted = count("interrupted", "not-run") > 0;
  const failed = count("failed", "error");
  const status: BackfillStatus = interrupted ? "interrupted" : failed > 0 ? "failed" : "succeeded";
  const summary: BackfillSummary = {
    label: plan.label,
    status,
    message: summaryMessage(status, results.length, failed, users.length, plan.dryRun),
    dryRun: plan.dryRun,
    window: { start: plan.window.days[0]!, end: plan.window.days.at(-1)!, days: plan.window.days.length },
    chunkDays: plan.chunkDays,
    chunks: plan.chunks.length,
    users,
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
      .map((r) => ({ step: r.index, range: `${r.start}..${r.end}`, user: r.user.email, error: failureText(r) })),
    auditFile: null,
  };

  const auditDir = options.auditDir === undefined ? DEFAULT_AUDIT_DIR : options.auditDir;
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

function summaryMessage(status: BackfillStatus, steps: number, failed: number, users: number, dryRun: boolean) {
  if (users === 0) return "No user has provider keys; nothing to backfill.";
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
