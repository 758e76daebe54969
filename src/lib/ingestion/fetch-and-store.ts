/**
 * THE ingestion entry point. The cron route, the Refresh action, POST /api/usage and the backfill
 * CLI all call fetchAndStoreUsageForUser; there is no other way usage gets into the database.
 */
import type { Db } from "@/db/types";
import { refreshUsageRollup } from "@/lib/analytics/refresh-rollup";
import { DecryptionError } from "@/lib/crypto/envelope";
import { getConfig, type AppConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { ProviderError } from "@/lib/providers/types";
import { fetchOrganizationCatalog, type OpenAIClient } from "@/lib/providers/openai";
import { catalogIsStale, storeCatalog } from "./catalog-sync";
import { decryptKey, loadUserKeys, recordKeySync, type KeyRow } from "./key-source";
import { openAIClientFor, openAIUsageBatches } from "./openai-source";
import { upsertUsageBuckets } from "./persist";
import { preflightSchema } from "./preflight";
import { finishRun, startRun, type IngestionTrigger, type RunStatus } from "./run-log";
import { simulatedUsage } from "./simulated";
import { addIssue, emptyTelemetry, type IngestionIssueCode, type IngestionTelemetry } from "./telemetry";
import { planUsageWindows, type UsageWindow } from "./windows";

export interface IngestionOptions {
  /** Inclusive UTC dates `YYYY-MM-DD`; both omitted = the last N complete days plus today. */
  start?: string;
  end?: string;
  label?: string;
  trigger: IngestionTrigger;
  dryRun?: boolean;
  keyIds?: string[];
  /** Refuse windows longer than this (request-bound triggers); the backfill CLI chunks instead. */
  maxDays?: number;
  /** Epoch ms after which no new key or page is started (serverless time budgets). */
  deadline?: number;
  signal?: AbortSignal;
  onProgress?: (event: IngestionProgress) => void;
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
  /** True when the deadline stopped the run before every key was done. */
  unfinished: boolean;
}

export interface IngestionDeps {
  config?: AppConfig;
  fetch?: typeof fetch;
  now?: () => number;
}

interface KeyContext {
  db: Db;
  window: UsageWindow;
  telemetry: IngestionTelemetry;
  options: IngestionOptions;
  config: AppConfig;
  deps: IngestionDeps;
  forceManual: boolean;
}

class DeadlineReached extends Error {}

function classify(e: unknown): { code: IngestionIssueCode; message: string } {
  if (e instanceof ProviderError) return { code: e.code, message: e.message };
  if (e instanceof DecryptionError) return { code: "DECRYPT_FAILED", message: e.message };
  return { code: "INTERNAL", message: "An unexpected error stopped this key; the server log has the details." };
}

async function ingestKey(ctx: KeyContext, row: KeyRow): Promise<void> {
  const { db, window, telemetry: t, options, config } = ctx;
  if (row.provider !== "openai") {
    t.keysSkipped++;
    addIssue(t, "PROVIDER_UNSUPPORTED", `${row.provider} usage is not supported yet; the key was skipped.`, row.label);
    return;
  }
  let rowsStored = 0;
  try {
    const apiKey = decryptKey(row);
    const client = openAIClientFor(row, apiKey, config, {
      fetch: ctx.deps.fetch,
      observer: {
        onRequest: () => void t.requestsMade++,
        onRetry: () => void t.retries++,
      },
    });
    for await (const batch of openAIUsageBatches(client, row, window, options.signal)) {
      t.rowsFetched += batch.records.length;
      if (!options.dryRun) {
        const result = await upsertUsageBuckets(
          db,
          { userId: row.userId, keyId: row.id, simulated: false },
          batch.records,
          { forceManual: ctx.forceManual },
        );
        t.rowsInserted += result.inserted;
        t.rowsUpdated += result.updated;
        t.rowsUnchanged += result.unchanged;
        if (result.manualDedupe) t.manualDedupeBatches++;
        rowsStored += batch.records.length;
      }
      options.onProgress?.({
        keyLabel: row.label,
        endpoint: batch.endpoint,
        page: batch.page,
        rows: batch.records.length,
      });
      if (options.deadline && Date.now() > options.deadline) throw new DeadlineReached();
    }
    t.keysProcessed++;
    t.windowsProcessed += window.days.length;
    if (!options.dryRun) {
      if (row.usageMode === "admin") await refreshCatalog(ctx, row, client);
      await recordKeySync(db, row, "ok", `Synced ${window.days[0]} to ${window.days.at(-1)} (UTC).`);
    }
  } catch (e) {
    if (e instanceof DeadlineReached) throw e;
    const { code, message } = classify(e);
    if (code === "INTERNAL") logger.error("ingestion failed for key", { keyId: row.id, error: e });
    if (code === "PERMISSION_DENIED" && config.ingestion.simulatedUsage) {
      await storeSimulated(ctx, row, message);
      return;
    }
    t.keysFailed++;
    addIssue(t, code, message, row.label);
    logger.warn("key ingestion stopped", { keyId: row.id, code });
    if (!options.dryRun) await recordKeySync(db, row, rowsStored > 0 ? "partial" : "failed", message);
  } finally {
    // Also after a failure or deadline mid-key: whatever pages were stored must show on the dashboard.
    if (rowsStored > 0) await refreshRollup(ctx, row);
  }
}

async function refreshRollup(ctx: KeyContext, row: KeyRow) {
  try {
    await refreshUsageRollup(ctx.db, {
      userId: row.userId,
      keyId: row.id,
      start: ctx.window.start,
      end: ctx.window.end,
    });
  } catch (e) {
    logger.error("rollup refresh failed", { keyId: row.id, error: e });
    addIssue(
      ctx.telemetry,
      "INTERNAL",
      "Usage was stored but the dashboard totals could not be updated; run Refresh again.",
      row.label,
    );
  }
}

/** Names for projects, keys and people; a failure here costs labels, not usage, so it is only an issue. */
async function refreshCatalog(ctx: KeyContext, row: KeyRow, client: OpenAIClient) {
  if (!catalogIsStale(row, Date.now())) return;
  try {
    await storeCatalog(ctx.db, row, await fetchOrganizationCatalog(client, ctx.options.signal));
  } catch (e) {
    const { message } = classify(e);
    addIssue(
      ctx.telemetry,
      "CATALOG_INCOMPLETE",
      `Project, key and member names could not be refreshed: ${message}`,
      row.label,
    );
  }
}

async function storeSimulated(ctx: KeyContext, row: KeyRow, reason: string) {
  const { db, window, telemetry: t, options } = ctx;
  const records = simulatedUsage(row.id, window.days);
  t.rowsFetched += records.length;
  t.keysSimulated++;
  addIssue(
    t,
    "SIMULATED_USAGE",
    `The key cannot read usage (${reason}); simulated rows were stored instead and are flagged as simulated.`,
    row.label,
  );
  if (options.dryRun) return;
  const result = await upsertUsageBuckets(db, { userId: row.userId, keyId: row.id, simulated: true }, records);
  t.rowsInserted += result.inserted;
  t.rowsUpdated += result.updated;
  t.rowsUnchanged += result.unchanged;
  await refreshRollup(ctx, row);
  await recordKeySync(db, row, "simulated", "Showing simulated usage: this key lacks permission to read usage.");
}

function statusOf(t: IngestionTelemetry, unfinished: boolean): RunStatus {
  const attempted = t.keysProcessed + t.keysFailed + t.keysSimulated;
  if (t.keysFailed > 0 && t.keysFailed === attempted) return "failed";
  if (t.keysFailed > 0 || unfinished || t.keysSimulated > 0) return "partial";
  return "succeeded";
}

export async function fetchAndStoreUsageForUser(
  db: Db,
  userId: string,
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

  const preflight = await preflightSchema(db);
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
    userId,
    trigger: options.trigger,
    label: options.label,
    windowStart: window.start,
    windowEnd: window.end,
    dryRun: Boolean(options.dryRun),
  });
  const keys = await loadUserKeys(db, userId, options.keyIds);
  if (keys.length === 0) addIssue(telemetry, "NO_KEYS", "No provider keys to sync: add one on the Keys page.");

  const ctx: KeyContext = { db, window, telemetry, options, config, deps, forceManual: !preflight.dedupeIndexPresent };
  let unfinished = false;
  try {
    for (const [i, row] of keys.entries()) {
      if (options.deadline && Date.now() > options.deadline) {
        unfinished = true;
        telemetry.keysSkipped += keys.length - i;
        addIssue(
          telemetry,
          "DEADLINE_REACHED",
          "The time budget ran out; the remaining keys are left for the next run.",
        );
        break;
      }
      await ingestKey(ctx, row);
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
      "The time budget ran out mid-key; that key and any after it continue next run.",
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
    userId,
    trigger: options.trigger,
    window: `${windowInfo.start}..${windowInfo.end}`,
    status,
    rowsInserted: telemetry.rowsInserted,
    rowsUpdated: telemetry.rowsUpdated,
    requestsMade: telemetry.requestsMade,
  });
  return { runId, status, window: windowInfo, telemetry, unfinished };
}
