/**
 * One provider account's window: fetched ONCE, with the first of its keys that works. A key that
 * fails on its credentials before storing anything hands over to the account's next key (both
 * read the same provider organization, so it makes no difference to the data); any other failure
 * ends the account, since another key would meet the same provider.
 */
import type { Db } from "@/db/types";
import { refreshUsageRollup } from "@/lib/rollup";
import { accountCostRollupIsCurrent, refreshCostRollup } from "@/lib/reconciliation/cost-rollup";
import type { AccountRow } from "@/lib/accounts/attach";
import { DecryptionError } from "@/lib/crypto/envelope";
import type { AppConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import type { ProviderSession } from "@/lib/providers/adapter";
import { ProviderError, type NormalizedCostRecord } from "@/lib/providers/types";
import { catalogIsStale, syncCatalog } from "./catalog-sync";
import type { IngestionDeps, IngestionOptions } from "./fetch-and-store";
import { connectKey, recordKeySync, type AccountSource, type KeyRow } from "./key-source";
import { upsertUsageBuckets } from "./persist";
import { forgetDigestsSql, storeUsageDays } from "./persist-usage-days";
import { storeSettledCostDays } from "./persist-cost-days";
import { upsertCostBuckets } from "./persist-costs";
import { readAhead } from "./read-ahead";
import { simulatedUsage } from "./simulated";
import { rowsIn, UsageDayBuffer, type SourceDays } from "./usage-days";
import { recordAccountSync } from "@/lib/metrics/sync";
import { addIssue, noteProviderOutcome, type IngestionIssueCode, type IngestionTelemetry } from "./telemetry";
import { planCostWindows, type UsageWindow } from "./windows";

export interface RunContext {
  db: Db;
  window: UsageWindow;
  telemetry: IngestionTelemetry;
  options: IngestionOptions;
  config: AppConfig;
  deps: IngestionDeps;
  forceManual: boolean;
}

export class DeadlineReached extends Error {}

/** Failures that say "this credential", not "this provider": the account's next key may work. */
const CREDENTIAL_CODES = new Set<IngestionIssueCode>(["AUTH_FAILED", "PERMISSION_DENIED", "DECRYPT_FAILED"]);

export function classify(e: unknown): { code: IngestionIssueCode; message: string } {
  if (e instanceof ProviderError) return { code: e.code, message: e.message };
  if (e instanceof DecryptionError) return { code: "DECRYPT_FAILED", message: e.message };
  return { code: "INTERNAL", message: "An unexpected error stopped this key; the server log has the details." };
}

type KeyOutcome =
  | { kind: "done" }
  | { kind: "failed"; code: IngestionIssueCode }
  | { kind: "credential"; code: IngestionIssueCode; message: string };

async function ingestWithKey(ctx: RunContext, account: AccountRow, row: KeyRow): Promise<KeyOutcome> {
  const { db, window, telemetry: t, options, config } = ctx;
  let rowsStored = 0;
  // Pages keep the cubes as they write (src/lib/rollup/deltas.ts); a page that could not sends the account to a refresh.
  let rollupMaintained = true;
  let refreshing: Promise<void> | null = null;
  const refreshIfNeeded = () => (rowsStored > 0 && !rollupMaintained ? refreshRollup(ctx, account, row.label) : null);
  const target = { orgId: account.orgId, accountId: account.id, simulated: false };
  const held = new UsageDayBuffer();
  const store = async (groups: SourceDays[]) => {
    for (const g of groups) {
      const result = await storeUsageDays(db, target, g.source, g.days, { forceManual: ctx.forceManual });
      t.rowsInserted += result.inserted;
      t.rowsUpdated += result.updated;
      t.rowsUnchanged += result.unchanged;
      if (result.manualDedupe) t.manualDedupeBatches++;
      rollupMaintained &&= result.rollupMaintained;
      rowsStored += rowsIn([g]);
    }
  };
  try {
    const session = connectKey(row, config, {
      fetch: ctx.deps.fetch,
      observer: {
        onRequest: () => void t.requestsMade++,
        onRetry: () => void t.retries++,
      },
    });
    for await (const batch of readAhead(session.usagePages(window, options.signal))) {
      t.rowsFetched += batch.records.length;
      if (batch.issue) addIssue(t, batch.issue.code, batch.issue.message, row.label);
      if (!options.dryRun) await store(held.add(batch.source, batch.records));
      options.onProgress?.({
        keyLabel: row.label,
        endpoint: batch.source,
        page: batch.page,
        rows: batch.records.length,
      });
      if (options.deadline && Date.now() > options.deadline) throw new DeadlineReached();
    }
    if (!options.dryRun) await store(held.drain());
    // The refresh (an account's first sync: its whole history) runs while the billed cost is read,
    // which writes other tables under another lock.
    refreshing = refreshIfNeeded();
    if (session.costPages) await ingestCosts(ctx, session, target, row.label);
    t.keysProcessed++;
    t.windowsProcessed += window.days.length;
    if (!options.dryRun) {
      await refreshCatalog(ctx, account, row, session);
      await recordKeySync(db, row, "ok", `Synced ${window.days[0]} to ${window.days.at(-1)} (UTC).`);
    }
    return { kind: "done" };
  } catch (e) {
    // Rows fetched before the stop are kept; their days may be partial, so no digest is recorded.
    if (!options.dryRun)
      await store(held.drain(false)).catch((flushError: unknown) => {
        logger.error("could not store the rows read before a stop", { keyId: row.id, error: flushError });
      });
    if (e instanceof DeadlineReached) throw e;
    const { code, message } = classify(e);
    if (code === "INTERNAL") logger.error("ingestion failed for key", { keyId: row.id, error: e });
    if (rowsStored === 0 && CREDENTIAL_CODES.has(code)) return { kind: "credential", code, message };
    t.keysFailed++;
    addIssue(t, code, message, row.label);
    logger.warn("key ingestion stopped", { keyId: row.id, accountId: account.id, code });
    if (!options.dryRun) await recordKeySync(db, row, rowsStored > 0 ? "partial" : "failed", message);
    return { kind: "failed", code };
  } finally {
    // Also after a failure or deadline mid-key: whatever pages were stored must show on the dashboard.
    await (refreshing ?? refreshIfNeeded());
  }
}

/** One provider account's sync, counted in the metrics and the run's per-provider outcome. */
export async function ingestAccount(ctx: RunContext, source: AccountSource): Promise<void> {
  const started = Date.now();
  const rowsBefore = ctx.telemetry.rowsInserted + ctx.telemetry.rowsUpdated;
  let failure: IngestionIssueCode | null = "INTERNAL";
  try {
    failure = await syncAccount(ctx, source);
  } catch (e) {
    if (e instanceof DeadlineReached) failure = "DEADLINE_REACHED";
    throw e;
  } finally {
    noteProviderOutcome(ctx.telemetry, source.account.provider, failure ? "failed" : "ok");
    recordAccountSync({
      provider: source.account.provider,
      source: ctx.options.trigger,
      failure,
      seconds: (Date.now() - started) / 1000,
      rowsUpserted: ctx.telemetry.rowsInserted + ctx.telemetry.rowsUpdated - rowsBefore,
    });
  }
}

/** The account's failure code, or null when its usage was synced in full. */
async function syncAccount(ctx: RunContext, { account, keys }: AccountSource): Promise<IngestionIssueCode | null> {
  const t = ctx.telemetry;
  const failed: { key: KeyRow; code: IngestionIssueCode; message: string }[] = [];
  let synced = false;
  let failure: IngestionIssueCode | null = null;
  for (const key of keys) {
    const outcome = await ingestWithKey(ctx, account, key);
    if (outcome.kind !== "credential") {
      // This key took the account (its own failure, if any, is already counted and reported).
      synced = true;
      if (outcome.kind === "failed") failure = outcome.code;
      break;
    }
    failed.push({ key, code: outcome.code, message: outcome.message });
  }
  const last = failed.at(-1);
  const simulate = !synced && last?.code === "PERMISSION_DENIED" && ctx.config.ingestion.simulatedUsage;
  if (!synced && !simulate) t.keysFailed++;
  for (const f of failed) {
    if (simulate && f === last) continue;
    const note = synced ? " Another key of the same account was used instead." : "";
    addIssue(t, f.code, `${f.message}${note}`, f.key.label);
    logger.warn("key could not read usage", { keyId: f.key.id, accountId: account.id, code: f.code });
    if (!ctx.options.dryRun) await recordKeySync(ctx.db, f.key, "failed", f.message);
  }
  if (simulate) await storeSimulated(ctx, account, last.key, last.message);
  return synced ? failure : (last?.code ?? "NO_KEYS");
}

/**
 * Billed cost for the usage window and, since providers revise it for days, the last closed days
 * again (./windows.ts). A provider that says which days it has finished answering for has their
 * lines stored per settled day (./persist-cost-days.ts: unchanged days are skipped, rows it stopped
 * reporting are removed); lines of a day not settled when the run stops are read again next run.
 * Other providers' pages are stored as they come.
 */
async function ingestCosts(
  ctx: RunContext,
  session: ProviderSession,
  target: { orgId: string; accountId: string },
  keyLabel: string,
) {
  const { db, options, telemetry: t } = ctx;
  const windows = planCostWindows(ctx.window, (ctx.deps.now ?? Date.now)());
  // While current, settled days keep the rollup themselves; otherwise it is rebuilt once at the end.
  const rollupCurrent = !options.dryRun && (await accountCostRollupIsCurrent(db, target.accountId));
  // Pages of a provider that never settles days are summed into the rollup after the window.
  let refreshWindow = !options.dryRun && !rollupCurrent;
  try {
    for (const window of windows) {
      let pending: NormalizedCostRecord[] = [];
      for await (const batch of readAhead(session.costPages!(window, options.signal))) {
        if (batch.notice) addIssue(t, "COST_GROUPING_REDUCED", batch.notice, keyLabel);
        const settledDays = batch.settledDays;
        if (!options.dryRun && !settledDays) {
          refreshWindow = true;
          await upsertCostBuckets(db, target, batch.records);
        } else if (!options.dryRun && settledDays) {
          pending.push(...batch.records);
          if (settledDays.length) {
            const settled = new Set(settledDays);
            const isSettled = (r: NormalizedCostRecord) => r.source === batch.source && settled.has(r.day);
            const done = pending.filter(isSettled);
            pending = pending.filter((r) => !isSettled(r));
            await storeSettledCostDays(db, target, batch.source, settledDays, done, { rollupCurrent });
          }
        }
        if (batch.records.length || !batch.settledDays) {
          options.onProgress?.({ keyLabel, endpoint: batch.source, page: batch.page, rows: batch.records.length });
        }
        if (options.deadline && Date.now() > options.deadline) throw new DeadlineReached();
      }
    }
  } finally {
    // Also after a failure or deadline mid-window: what was stored must be what the money views read.
    if (refreshWindow) {
      const days = windows.flatMap((w) => w.days).sort();
      await refreshCostRollup(db, {
        orgId: target.orgId,
        accountId: target.accountId,
        start: days[0]!,
        end: days.at(-1)!,
      });
    }
  }
}

async function refreshRollup(ctx: RunContext, account: AccountRow, keyLabel: string) {
  try {
    await refreshUsageRollup(ctx.db, {
      orgId: account.orgId,
      accountId: account.id,
      start: ctx.window.start,
      end: ctx.window.end,
    });
  } catch (e) {
    logger.error("rollup refresh failed", { accountId: account.id, error: e });
    addIssue(
      ctx.telemetry,
      "INTERNAL",
      "Usage was stored but the dashboard totals could not be updated; run Refresh again.",
      keyLabel,
    );
  }
}

/** Names for projects, keys and people; a failure here costs labels, not usage, so it is only an issue. */
async function refreshCatalog(ctx: RunContext, account: AccountRow, row: KeyRow, session: ProviderSession) {
  if ((!session.catalog && !session.syncCatalog) || !catalogIsStale(account, Date.now())) return;
  try {
    await syncCatalog(ctx.db, account, session, { signal: ctx.options.signal });
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

async function storeSimulated(ctx: RunContext, account: AccountRow, row: KeyRow, reason: string) {
  const { db, window, telemetry: t, options } = ctx;
  const records = simulatedUsage(account.id, window.days);
  t.rowsFetched += records.length;
  t.keysSimulated++;
  addIssue(
    t,
    "SIMULATED_USAGE",
    `The key cannot read usage (${reason}); simulated rows were stored instead and are flagged as simulated.`,
    row.label,
  );
  if (options.dryRun) return;
  const target = { orgId: account.orgId, accountId: account.id, simulated: true };
  // Simulated rows may replace real ones: those days' digests no longer describe what is stored.
  const result = await upsertUsageBuckets(db, target, records, {
    alsoInTransaction: [forgetDigestsSql(account.id, window.days)],
  });
  t.rowsInserted += result.inserted;
  t.rowsUpdated += result.updated;
  t.rowsUnchanged += result.unchanged;
  if (!result.rollupMaintained) await refreshRollup(ctx, account, row.label);
  await recordKeySync(db, row, "simulated", "Showing simulated usage: this key lacks permission to read usage.");
}
