/**
 * The daily job: every organization with provider keys, through the one ingestion entry point, a
 * few at a time. One organization's failure never stops the others; organizations not reached
 * inside the time budget are named so the next run (which starts with the least recently synced)
 * picks them up.
 */
import { asc, min, sql } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { logger } from "@/lib/logger";
import { fetchAndStoreUsageForOrg, type IngestionDeps } from "@/lib/ingestion/fetch-and-store";
import { emptyTelemetry, mergeTelemetry } from "@/lib/ingestion/telemetry";
import { mapWithConcurrency } from "./pool";
import { runNotificationDelivery } from "@/lib/notifications";

export interface DailyUsageOptions {
  concurrency: number;
  /** Epoch ms; no new organization or account starts after it. */
  deadline: number;
}

type OrgOutcome =
  | { orgId: string; state: "done"; runId: string | null; status: string }
  | { orgId: string; state: "failed"; error: string }
  | { orgId: string; state: "unfinished"; runId: string | null };

/** Organizations with at least one key, least recently synced first. */
export async function orgsWithKeys(db: Db): Promise<string[]> {
  const rows = await db
    .select({ orgId: providerKeys.orgId, oldest: min(providerKeys.lastSyncAt) })
    .from(providerKeys)
    .groupBy(providerKeys.orgId)
    .orderBy(sql`${min(providerKeys.lastSyncAt)} asc nulls first`, asc(providerKeys.orgId));
  return rows.map((r) => r.orgId);
}

export async function runDailyUsage(db: Db, options: DailyUsageOptions, deps: IngestionDeps = {}) {
  const startedAt = Date.now();
  const orgIds = await orgsWithKeys(db);
  const telemetry = emptyTelemetry();
  const outcomes = await mapWithConcurrency(orgIds, options.concurrency, async (orgId): Promise<OrgOutcome> => {
    if (Date.now() > options.deadline) return { orgId, state: "unfinished", runId: null };
    try {
      const result = await fetchAndStoreUsageForOrg(db, orgId, { trigger: "cron", deadline: options.deadline }, deps);
      mergeTelemetry(telemetry, result.telemetry);
      if (result.unfinished) return { orgId, state: "unfinished", runId: result.runId };
      return { orgId, state: "done", runId: result.runId, status: result.status };
    } catch (e) {
      logger.error("daily usage failed for organization", { orgId, error: e });
      return { orgId, state: "failed", error: "Ingestion failed for this organization; see the run log." };
    }
  });
  // Everything the runs queued (budget, anomaly and certificate alerts), and earlier retries.
  const notifications = await runNotificationDelivery(db);
  telemetry.durationMs = Date.now() - startedAt;
  const unfinished = outcomes.filter((o) => o.state === "unfinished").map((o) => o.orgId);
  return {
    organizations: {
      total: orgIds.length,
      completed: outcomes.filter((o) => o.state === "done").length,
      failed: outcomes.filter((o) => o.state === "failed").length,
      unfinished: unfinished.length,
    },
    unfinishedOrgIds: unfinished,
    message: unfinished.length
      ? `${unfinished.length} organization(s) were not finished inside the time budget; the next run continues with them.`
      : "Every organization with keys was processed.",
    runIds: outcomes.flatMap((o) => ("runId" in o && o.runId ? [o.runId] : [])),
    notifications,
    telemetry,
  };
}
