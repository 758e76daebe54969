import type { Db } from "@/db/types";
import { logger } from "@/lib/logger";
import { evaluateAlerts } from "./evaluate";
import type { NotifyAlert } from "./notify";

/**
 * Until the delivery side is wired in (src/lib/notifications' enqueue), fired alerts are recorded
 * and shown in the app (GET /api/alerts, /budgets) but go to no channel.
 */
export const recordOnlyNotify: NotifyAlert = async () => {};

/** Evaluation after an ingestion run: a failure is logged, never passed on to the run. */
export async function evaluateAlertsAfterIngestion(
  db: Db,
  orgId: string,
  options: { notify?: NotifyAlert; now?: Date } = {},
): Promise<void> {
  try {
    const result = await evaluateAlerts(db, orgId, { notify: options.notify ?? recordOnlyNotify, now: options.now });
    if (result.fired.length > 0 || result.failures > 0) {
      logger.info("alerts evaluated", { orgId, fired: result.fired.length, failures: result.failures });
    }
  } catch (error) {
    logger.error("alert evaluation failed", { orgId, error });
  }
}
