/**
 * The daily job: every provider account with keys, one work item each per UTC day, through the
 * one ingestion entry point, a few at a time. The items live in a shared queue (./work-queue.ts),
 * so several invocations split the day without fetching an account twice; items not reached
 * inside the time budget stay queued and are named, and the next run (least recently synced
 * first) picks them up. One account's failure never stops the others. Fixed costs are paid once:
 * the schema check per invocation, and an organization's alert evaluation by whichever invocation
 * settles its last item of the day (not after each of its accounts).
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/types";
import { formatEpochDay, todayEpochDay } from "@/lib/dates";
import { logger } from "@/lib/logger";
import { enqueueNotify, evaluateAlertsAfterIngestion } from "@/lib/alerts/run-after-ingestion";
import { fetchAndStoreUsageForOrg, type IngestionDeps } from "@/lib/ingestion/fetch-and-store";
import { preflightSchema } from "@/lib/ingestion/preflight";
import { emptyTelemetry, mergeTelemetry } from "@/lib/ingestion/telemetry";
import { runNotificationDelivery } from "@/lib/notifications";
import {
  claimWorkItem,
  dayProgress,
  enqueueDay,
  pruneOldItems,
  settleAndCheckOrg,
  type ClaimedItem,
  type Settlement,
} from "./work-queue";

export interface DailyUsageOptions {
  concurrency: number;
  /** Epoch ms; no new work item starts after it. */
  deadline: number;
  /** Lease holder id; a fresh one per invocation by default. */
  owner?: string;
}

/** An item that throws this many times is given up for the day. */
export const MAX_ATTEMPTS = 3;
/** A lease outlives its invocation's deadline by this much, then another invocation may take the item. */
const LEASE_GRACE_SECONDS = 60;

type Outcome = "done" | "released" | "errored" | "lost";

export async function runDailyUsage(db: Db, options: DailyUsageOptions, deps: IngestionDeps = {}) {
  const startedAt = Date.now();
  const runDay = formatEpochDay(todayEpochDay((deps.now ?? Date.now)()));
  const owner = options.owner ?? randomUUID();
  const leaseSeconds = Math.max(1, Math.ceil((options.deadline - Date.now()) / 1000)) + LEASE_GRACE_SECONDS;
  await pruneOldItems(db, runDay);
  const enqueued = await enqueueDay(db, runDay);
  const before = await dayProgress(db, runDay);
  const telemetry = emptyTelemetry();
  const runIds: string[] = [];
  const outcomes: Record<Outcome, number> = { done: 0, released: 0, errored: 0, lost: 0 };
  const itemDeps: IngestionDeps = { ...deps, preflight: await preflightSchema(db) };
  let alertsEvaluated = 0;

  const evaluateAlerts = async (orgId: string) => {
    alertsEvaluated++;
    // Enqueued only: the delivery round after the workers sends them.
    await evaluateAlertsAfterIngestion(db, orgId, {
      notify: deps.notifyAlert ?? enqueueNotify,
      now: deps.now ? new Date(deps.now()) : undefined,
    });
  };

  const settle = async (item: ClaimedItem, s: Settlement, outcome: Outcome): Promise<Outcome> => {
    let result;
    try {
      result = await settleAndCheckOrg(db, runDay, item, owner, s);
    } catch (e) {
      // Not fatal to the others: the item's lease lapses and a later claimer takes it again.
      logger.error("daily usage could not settle a work item", { itemId: item.id, error: e });
      return "lost";
    }
    if (result.orgDayFinished) await evaluateAlerts(item.orgId);
    return result.settled ? outcome : "lost";
  };

  const runItem = async (item: ClaimedItem): Promise<Outcome> => {
    let result;
    try {
      result = await fetchAndStoreUsageForOrg(
        db,
        item.orgId,
        { trigger: "cron", deadline: options.deadline, accountIds: [item.accountId], evaluateAlerts: false },
        itemDeps,
      );
    } catch (e) {
      logger.error("daily usage failed for account", { orgId: item.orgId, accountId: item.accountId, error: e });
      const error = "Ingestion failed for this account; see the run log.";
      return settle(item, { state: "errored", error, maxAttempts: MAX_ATTEMPTS }, "errored");
    }
    mergeTelemetry(telemetry, result.telemetry);
    if (result.runId) runIds.push(result.runId);
    const state = result.unfinished ? "released" : "done";
    return settle(item, { state, runId: result.runId }, state);
  };

  const workers = Array.from({ length: Math.max(1, options.concurrency) }, async () => {
    while (Date.now() <= options.deadline) {
      const item = await claimWorkItem(db, { runDay, owner, leaseSeconds, maxAttempts: MAX_ATTEMPTS });
      if (!item) return;
      outcomes[await runItem(item)]++;
    }
  });
  await Promise.all(workers);
  // Everything the runs queued (budget, anomaly and certificate alerts), and earlier retries.
  const notifications = await runNotificationDelivery(db);
  telemetry.durationMs = Date.now() - startedAt;

  // This invocation answers for the organizations that had open work when it started; what
  // another invocation still holds under a live lease is in hand, not left over.
  const after = await dayProgress(db, runDay);
  const mine = new Set(before.openOrgIds);
  const unfinished = after.openOrgIds.filter((id) => mine.has(id));
  const failedOrgs = new Set(after.failedOrgIds.filter((id) => mine.has(id) && !unfinished.includes(id)));
  return {
    organizations: {
      total: mine.size,
      completed: mine.size - unfinished.length - failedOrgs.size,
      failed: failedOrgs.size,
      unfinished: unfinished.length,
    },
    unfinishedOrgIds: unfinished,
    message: unfinished.length
      ? `${unfinished.length} organization(s) were not finished inside the time budget; the next run continues with them.`
      : "Every organization with keys was processed.",
    runIds,
    /** Organizations whose alerts this invocation evaluated (it settled their last item of the day). */
    alertsEvaluated,
    notifications,
    /** The day's shared queue (every invocation) and what this invocation did with it. */
    workItems: {
      day: runDay,
      enqueued,
      total: after.total,
      done: after.done,
      failed: after.failed,
      open: after.open,
      leasedElsewhere: after.leased,
      thisRun: outcomes,
    },
    telemetry,
  };
}
