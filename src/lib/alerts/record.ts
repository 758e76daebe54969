import { sql } from "drizzle-orm";
import { alerts, type ALERT_KINDS } from "@/db/schema";
import type { Db } from "@/db/types";
import type { AlertMessage } from "@/lib/notifications/contract";
import type { NotifyAlert } from "./notify";

export interface AlertOccurrence {
  orgId: string;
  kind: (typeof ALERT_KINDS)[number];
  idempotencyKey: string;
  budgetId: string | null;
  period: string;
  amountUsd: string;
  limitUsd: string;
  channelIds: string[];
  message: AlertMessage;
}

/**
 * Records the alert under its idempotency key and, only when this call inserted it, notifies. Two
 * evaluations racing on one key both reach the unique index; the second waits for the first's
 * transaction and then inserts nothing, so exactly one of them notifies.
 */
export async function fireOnce(db: Db, alert: AlertOccurrence, notify: NotifyAlert): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(alerts)
      .values({
        orgId: alert.orgId,
        kind: alert.kind,
        idempotencyKey: alert.idempotencyKey,
        budgetId: alert.budgetId,
        period: alert.period,
        title: alert.message.title,
        text: alert.message.text,
        facts: alert.message.facts,
        amountUsd: alert.amountUsd,
        limitUsd: alert.limitUsd,
      })
      .onConflictDoNothing({ target: alerts.idempotencyKey })
      .returning({ id: alerts.id });
    if (inserted.length === 0) return false;
    await notify(tx, {
      orgId: alert.orgId,
      channelIds: alert.channelIds,
      idempotencyKey: alert.idempotencyKey,
      message: alert.message,
    });
    return true;
  });
}

/** Keys already fired, to skip building messages for them (the insert stays the real guard). */
export async function firedKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.execute(
    sql`select idempotency_key from alerts where idempotency_key = any(${sql.param(keys)}::text[])`,
  );
  return new Set(
    ((rows as unknown as { rows: { idempotency_key: string }[] }).rows ?? []).map((r) => r.idempotency_key),
  );
}
