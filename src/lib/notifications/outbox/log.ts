/** The delivery log: one row per attempt, written by the deliverer and by "Send test". */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { notificationDeliveries } from "@/db/schema";
import type { Db } from "@/db/types";
import type { SendOutcome } from "../http-post";

export interface DeliveryLogView {
  id: string;
  channelId: string;
  /** "test" for "Send test", "alert" for an outbox delivery. */
  source: "test" | "alert";
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  outcome: string;
  durationMs: number;
  attemptedAt: string;
}

export async function recordAttempt(
  db: Db,
  entry: {
    orgId: string;
    channelId: string;
    outboxId: string | null;
    attempt: number;
    result: SendOutcome;
    durationMs: number;
    at: Date;
  },
): Promise<void> {
  await db.insert(notificationDeliveries).values({
    orgId: entry.orgId,
    channelId: entry.channelId,
    outboxId: entry.outboxId,
    attempt: entry.attempt,
    ok: entry.result.ok,
    statusCode: entry.result.statusCode,
    outcome: entry.result.outcome.slice(0, 500),
    durationMs: Math.max(0, Math.round(entry.durationMs)),
    attemptedAt: entry.at,
  });
}

/** The newest `perChannel` attempts of each of these channels of the organization, newest first. */
export async function recentDeliveries(
  db: Db,
  orgId: string,
  channelIds: string[],
  perChannel = 5,
): Promise<DeliveryLogView[]> {
  if (channelIds.length === 0) return [];
  const ranked = db
    .select({
      id: notificationDeliveries.id,
      channelId: notificationDeliveries.channelId,
      outboxId: notificationDeliveries.outboxId,
      attempt: notificationDeliveries.attempt,
      ok: notificationDeliveries.ok,
      statusCode: notificationDeliveries.statusCode,
      outcome: notificationDeliveries.outcome,
      durationMs: notificationDeliveries.durationMs,
      attemptedAt: notificationDeliveries.attemptedAt,
      rank: sql<number>`row_number() over (partition by ${notificationDeliveries.channelId} order by ${notificationDeliveries.attemptedAt} desc, ${notificationDeliveries.id} desc)`.as(
        "rank",
      ),
    })
    .from(notificationDeliveries)
    .where(and(eq(notificationDeliveries.orgId, orgId), inArray(notificationDeliveries.channelId, channelIds)))
    .as("ranked");
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.rank} <= ${perChannel}`)
    .orderBy(desc(ranked.attemptedAt), desc(ranked.id));
  return rows.map((r) => ({
    id: r.id,
    channelId: r.channelId,
    source: r.outboxId === null ? "test" : "alert",
    attempt: r.attempt,
    ok: r.ok,
    statusCode: r.statusCode,
    outcome: r.outcome,
    durationMs: r.durationMs,
    attemptedAt: new Date(r.attemptedAt).toISOString(),
  }));
}
