import type { Db } from "@/db/types";
import { enabledChannelIds, enqueueAlert } from "@/lib/notifications";
import { expiringCertificateAlerts } from "./certificates";

/**
 * Queues one alert per certificate expiring within 30 days to every enabled channel of the
 * organization; the outbox's idempotency key (certificate + expiry day) makes each announcement once.
 * Without channels there is nobody to tell, and the Keys page still shows the expiry.
 */
export async function alertExpiringCertificates(db: Db, orgId: string, now = Date.now()): Promise<number> {
  const alerts = await expiringCertificateAlerts(db, orgId, now);
  if (alerts.length === 0) return 0;
  const channelIds = await enabledChannelIds(db, orgId);
  if (channelIds.length === 0) return 0;
  let queued = 0;
  for (const alert of alerts) queued += (await enqueueAlert(db, { orgId, channelIds, ...alert })).queued;
  return queued;
}
