import { and, asc, eq, inArray } from "drizzle-orm";
import { notificationChannels, notificationOutbox } from "@/db/schema";
import type { Db } from "@/db/types";
import type { DeliveryStatus } from "../contract";

export interface ChannelDelivery {
  channelId: string;
  channelName: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export interface AlertDelivery {
  /** The worst of its channels: dead, then failed (retrying), then pending, else sent. */
  status: DeliveryStatus;
  channels: ChannelDelivery[];
}

const SEVERITY: DeliveryStatus[] = ["dead", "failed", "pending", "sent"];

/** Delivery status of each alert (by idempotency key) of the organization; keys never enqueued are absent. */
export async function deliveryStatusByKey(
  db: Db,
  orgId: string,
  keys: string[],
): Promise<Record<string, AlertDelivery>> {
  if (keys.length === 0) return {};
  const rows = await db
    .select({
      key: notificationOutbox.idempotencyKey,
      channelId: notificationOutbox.channelId,
      channelName: notificationChannels.name,
      status: notificationOutbox.status,
      attempts: notificationOutbox.attempts,
      lastError: notificationOutbox.lastError,
      sentAt: notificationOutbox.sentAt,
    })
    .from(notificationOutbox)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationOutbox.channelId))
    .where(and(eq(notificationOutbox.orgId, orgId), inArray(notificationOutbox.idempotencyKey, [...new Set(keys)])))
    .orderBy(asc(notificationChannels.name), asc(notificationOutbox.channelId));
  const out: Record<string, AlertDelivery> = {};
  for (const r of rows) {
    const entry = (out[r.key] ??= { status: "sent", channels: [] });
    entry.channels.push({
      channelId: r.channelId,
      channelName: r.channelName,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      sentAt: r.sentAt?.toISOString() ?? null,
    });
    if (SEVERITY.indexOf(r.status) < SEVERITY.indexOf(entry.status)) entry.status = r.status;
  }
  return out;
}
