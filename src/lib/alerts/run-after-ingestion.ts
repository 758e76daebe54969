import type { Db } from "@/db/types";
import { alertExpiringCertificates } from "@/lib/accounts/certificate-alerts";
import { logger } from "@/lib/logger";
import { enqueueAlert, runNotificationDelivery } from "@/lib/notifications";
import { evaluateAlerts } from "./evaluate";
import type { NotifyAlert } from "./notify";

/** A fired alert goes to the outbox, one row per channel, in the transaction that recorded it. */
export const enqueueNotify: NotifyAlert = async (db, input) => {
  await enqueueAlert(db, input);
};

/**
 * After an ingestion run (Refresh, the API, the cron, the backfill): budgets and anomalies are
 * evaluated, expiring certificates announced, and a small batch of due messages sent at once, so a
 * user who pressed Refresh hears about it now. The cron sends the rest. Nothing here can fail the
 * run: each step logs its own failure.
 */
export async function evaluateAlertsAfterIngestion(
  db: Db,
  orgId: string,
  options: { notify?: NotifyAlert; now?: Date } = {},
): Promise<void> {
  try {
    const result = await evaluateAlerts(db, orgId, { notify: options.notify ?? enqueueNotify, now: options.now });
    if (result.fired.length > 0 || result.failures > 0) {
      logger.info("alerts evaluated", { orgId, fired: result.fired.length, failures: result.failures });
    }
  } catch (error) {
    logger.error("alert evaluation failed", { orgId, error });
  }
  try {
    await alertExpiringCertificates(db, orgId, options.now?.getTime());
  } catch (error) {
    logger.error("certificate expiry alerts failed", { orgId, error });
  }
  // Bounded: a dead receiver (10 s timeout) cannot hold an interactive Refresh for long.
  if (!options.notify) await runNotificationDelivery(db, { rounds: 1, batch: 8 });
}
