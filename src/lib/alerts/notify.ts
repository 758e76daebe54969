import type { Db } from "@/db/types";
import type { EnqueueAlertInput } from "@/lib/notifications/contract";

/**
 * Hands a fired alert to the delivery side (src/lib/notifications: outbox per channel). It is
 * called inside the transaction that recorded the alert, with that transaction as `db`, so an
 * enqueue that fails rolls the alert back and the next evaluation tries again.
 */
export type NotifyAlert = (db: Db, input: EnqueueAlertInput) => Promise<void>;
