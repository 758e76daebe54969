/**
 * The daily job: every user with keys, through the one ingestion entry point, a few at a time.
 * One user's failure never stops the others; users not reached inside the time budget are named
 * so the next run (which starts with the least recently synced) picks them up.
 */
import { asc, min, sql } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { logger } from "@/lib/logger";
import { fetchAndStoreUsageForUser, type IngestionDeps } from "@/lib/ingestion/fetch-and-store";
import { emptyTelemetry, mergeTelemetry } from "@/lib/ingestion/telemetry";
import { mapWithConcurrency } from "./pool";

export interface DailyUsageOptions {
  concurrency: number;
  /** Epoch ms; no new user or key starts after it. */
  deadline: number;
}

type UserOutcome =
  | { userId: string; state: "done"; runId: string | null; status: string }
  | { userId: string; state: "failed"; error: string }
  | { userId: string; state: "unfinished"; runId: string | null };

export async function usersWithKeys(db: Db): Promise<string[]> {
  const rows = await db
    .select({ userId: providerKeys.userId, oldest: min(providerKeys.lastSyncAt) })
    .from(providerKeys)
    .groupBy(providerKeys.userId)
    .orderBy(sql`${min(providerKeys.lastSyncAt)} asc nulls first`, asc(providerKeys.userId));
  return rows.map((r) => r.userId);
}

export async function runDailyUsage(db: Db, options: DailyUsageOptions, deps: IngestionDeps = {}) {
  const startedAt = Date.now();
  const userIds = await usersWithKeys(db);
  const telemetry = emptyTelemetry();
  const outcomes = await mapWithConcurrency(userIds, options.concurrency, async (userId): Promise<UserOutcome> => {
    if (Date.now() > options.deadline) return { userId, state: "unfinished", runId: null };
    try {
      const result = await fetchAndStoreUsageForUser(db, userId, { trigger: "cron", deadline: options.deadline }, deps);
      mergeTelemetry(telemetry, result.telemetry);
      if (result.unfinished) return { userId, state: "unfinished", runId: result.runId };
      return { userId, state: "done", runId: result.runId, status: result.status };
    } catch (e) {
      logger.error("daily usage failed for user", { userId, error: e });
      return { userId, state: "failed", error: "Ingestion failed for this user; see the run log." };
    }
  });
  telemetry.durationMs = Date.now() - startedAt;
  const unfinished = outcomes.filter((o) => o.state === "unfinished").map((o) => o.userId);
  return {
    users: {
      total: userIds.length,
      completed: outcomes.filter((o) => o.state === "done").length,
      failed: outcomes.filter((o) => o.state === "failed").length,
      unfinished: unfinished.length,
    },
    unfinishedUserIds: unfinished,
    message: unfinished.length
      ? `${unfinished.length} user(s) were not finished inside the time budget; the next run continues with them.`
      : "Every user with keys was processed.",
    runIds: outcomes.flatMap((o) => ("runId" in o && o.runId ? [o.runId] : [])),
    telemetry,
  };
}
