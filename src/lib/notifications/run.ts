import type { Db } from "@/db/types";
import { logger } from "@/lib/logger";
import { DEFAULT_BATCH, deliverDueNotifications, type DeliverySummary } from "./outbox/deliver";

const MAX_ROUNDS = 10;

/**
 * What ingestion and the daily cron call after their work: sends everything due (in rounds of
 * DEFAULT_BATCH, at most MAX_ROUNDS) and reports the counts. It never throws: a broken receiver or
 * even a database error here must not fail the run that called it.
 */
export async function runNotificationDelivery(
  db: Db,
  options: { rounds?: number; batch?: number } = {},
): Promise<DeliverySummary & { error?: string }> {
  const total: DeliverySummary = { claimed: 0, sent: 0, retrying: 0, dead: 0 };
  const batch = options.batch ?? DEFAULT_BATCH;
  try {
    for (let round = 0; round < (options.rounds ?? MAX_ROUNDS); round++) {
      const s = await deliverDueNotifications(db, { limit: batch });
      total.claimed += s.claimed;
      total.sent += s.sent;
      total.retrying += s.retrying;
      total.dead += s.dead;
      if (s.claimed < batch) break;
    }
    if (total.claimed > 0) logger.info("notifications delivered", { ...total });
    return total;
  } catch (error) {
    logger.error("notification delivery failed", { error });
    return { ...total, error: "Notification delivery failed; queued messages are kept and retried on the next run." };
  }
}
