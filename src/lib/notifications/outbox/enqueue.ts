import { and, eq, inArray, isNull } from "drizzle-orm";
import { notificationChannels, notificationOutbox } from "@/db/schema";
import type { Db } from "@/db/types";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";
import type { EnqueueAlertInput } from "../contract";
import { alertMessageSchema } from "./message-schema";

/**
 * Queues one message per channel of the organization (paused channels and other organizations'
 * ids are left out). A second call with the same idempotency key queues nothing: the unique
 * (idempotency_key, channel_id) makes overlapping evaluation runs send once.
 */
export async function enqueueAlert(db: Db, input: EnqueueAlertInput): Promise<{ queued: number }> {
  if (!input.idempotencyKey || input.idempotencyKey.length > 300)
    throw new AppError("VALIDATION_FAILED", "idempotencyKey must be 1 to 300 characters.");
  const message = parseOrThrow(alertMessageSchema, input.message, "alert message");
  if (input.channelIds.length === 0) return { queued: 0 };
  const channels = await db
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(
      and(
        eq(notificationChannels.orgId, input.orgId),
        inArray(notificationChannels.id, [...new Set(input.channelIds)]),
        isNull(notificationChannels.disabledAt),
      ),
    );
  if (channels.length === 0) return { queued: 0 };
  // Due by the deliverer's clock (it compares with the app's time, in milliseconds): the database's
  // now() is microseconds and may be another machine's clock, which could leave a fresh message
  // "not yet due" for a whole run.
  const dueAt = new Date();
  const inserted = await db
    .insert(notificationOutbox)
    .values(
      channels.map((c) => ({
        orgId: input.orgId,
        channelId: c.id,
        idempotencyKey: input.idempotencyKey,
        message,
        nextAttemptAt: dueAt,
      })),
    )
    .onConflictDoNothing({ target: [notificationOutbox.idempotencyKey, notificationOutbox.channelId] })
    .returning({ id: notificationOutbox.id });
  return { queued: inserted.length };
}
