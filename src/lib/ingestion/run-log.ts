import { and, desc, eq } from "drizzle-orm";
import { ingestionRuns, INGESTION_TRIGGERS } from "@/db/schema";
import type { Db } from "@/db/types";
import type { IngestionTelemetry } from "./telemetry";

export type IngestionTrigger = (typeof INGESTION_TRIGGERS)[number];
export type RunStatus = "succeeded" | "partial" | "failed";

export async function startRun(
  db: Db,
  run: {
    orgId: string;
    triggeredByUserId?: string | null;
    trigger: IngestionTrigger;
    label?: string;
    windowStart: Date;
    windowEnd: Date;
    dryRun: boolean;
  },
) {
  const [row] = await db
    .insert(ingestionRuns)
    .values({ ...run, label: run.label ?? null, triggeredByUserId: run.triggeredByUserId ?? null })
    .returning({ id: ingestionRuns.id });
  return row!.id;
}

export async function finishRun(
  db: Db,
  runId: string,
  outcome: { status: RunStatus; telemetry: IngestionTelemetry; error?: string },
) {
  await db
    .update(ingestionRuns)
    .set({ status: outcome.status, telemetry: outcome.telemetry, error: outcome.error ?? null, finishedAt: new Date() })
    .where(eq(ingestionRuns.id, runId));
}

export async function listRecentRuns(db: Db, orgId: string, limit = 20) {
  return db
    .select()
    .from(ingestionRuns)
    .where(and(eq(ingestionRuns.orgId, orgId)))
    .orderBy(desc(ingestionRuns.startedAt))
    .limit(limit);
}
