"use server";

import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current-actor";
import { isAppError, type ErrorCode } from "@/lib/errors";
import { ingestForActor } from "@/lib/ingestion/for-actor";
import { logger } from "@/lib/logger";
import { API_MAX_DAYS, ingestRequestSchema } from "@/lib/usage/schemas";
import { formatZodError } from "@/lib/validation";

export type RefreshSummary =
  | {
      status: "succeeded" | "partial" | "failed";
      rowsInserted: number;
      rowsUpdated: number;
      rowsUnchanged: number;
      keysProcessed: number;
      keysFailed: number;
      issues: { code: string; message: string }[];
    }
  /** `code` is the AppError code, the same one the API answers with (e.g. FORBIDDEN = 403). */
  | { status: "failed"; message: string; code?: ErrorCode };

/** The Refresh button: pull the default recent window (or the given one) for every account of the organization. */
export async function refreshUsageAction(input: { start?: string; end?: string } = {}): Promise<RefreshSummary> {
  const parsed = ingestRequestSchema.safeParse(input ?? {});
  if (!parsed.success)
    return { status: "failed", message: `Invalid dates: ${formatZodError(parsed.error)}`, code: "VALIDATION_FAILED" };
  try {
    const actor = await requireActor("ingest:write");
    const { status, telemetry: t } = await ingestForActor(await getDb(), actor, {
      ...parsed.data,
      trigger: "refresh",
      maxDays: API_MAX_DAYS,
    });
    return {
      status,
      rowsInserted: t.rowsInserted,
      rowsUpdated: t.rowsUpdated,
      rowsUnchanged: t.rowsUnchanged,
      keysProcessed: t.keysProcessed,
      keysFailed: t.keysFailed,
      issues: t.issues.map(({ code, message }) => ({ code, message })),
    };
  } catch (e) {
    // AppError messages are written for users; anything else stays in the server log.
    if (isAppError(e)) return { status: "failed", message: e.message, code: e.code };
    logger.error("refresh action failed", { error: e });
    return {
      status: "failed",
      message: "The refresh stopped because of an unexpected error. Please try again in a minute.",
      code: "INTERNAL",
    };
  }
}
