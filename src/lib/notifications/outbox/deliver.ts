/**
 * The deliverer: claims due outbox rows, sends each, logs the attempt, and schedules a retry or
 * dead-letters it. A claim moves the row's next_attempt_at a lease ahead in one statement over
 * `FOR UPDATE SKIP LOCKED`, so two deliverers running at once never take the same row, and no
 * transaction stays open while a slow receiver thinks. A deliverer that dies mid-send leaves its
 * rows to come due again when the lease ends.
 */
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { notificationChannels, notificationOutbox } from "@/db/schema";
import type { Db } from "@/db/types";
import type { SendOutcome } from "../http-post";
import { sendToChannel, type ChannelRow, type SendDeps } from "../send";
import { MAX_ATTEMPTS, retryDelayMs } from "./backoff";
import { recordAttempt } from "./log";
import { alertMessageSchema } from "./message-schema";

/** Longer than the slowest send (10 s timeout) by far: a claimed row is not taken twice. */
export const LEASE_MS = 5 * 60_000;
export const DEFAULT_BATCH = 50;
const PARALLEL_SENDS = 4;

export interface DeliverOptions {
  now?: Date;
  limit?: number;
  /** For tests: the jitter draw, and send options (a fake DNS). */
  random?: () => number;
  send?: SendDeps;
}

export interface DeliverySummary {
  claimed: number;
  sent: number;
  retrying: number;
  dead: number;
}

type OutboxRow = typeof notificationOutbox.$inferSelect;

async function claimDue(db: Db, now: Date, limit: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .where(and(inArray(notificationOutbox.status, ["pending", "failed"]), lte(notificationOutbox.nextAttemptAt, now)))
    .orderBy(asc(notificationOutbox.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(notificationOutbox)
    .set({
      nextAttemptAt: new Date(now.getTime() + LEASE_MS),
      attempts: sql`${notificationOutbox.attempts} + 1`,
      updatedAt: now,
    })
    .where(inArray(notificationOutbox.id, due))
    .returning();
}

async function settle(db: Db, row: OutboxRow, result: SendOutcome, now: Date, random: () => number) {
  const dead = !result.ok && (!result.retryable || row.attempts >= MAX_ATTEMPTS);
  const status = result.ok ? "sent" : dead ? "dead" : "failed";
  await db
    .update(notificationOutbox)
    .set({
      status,
      lastError: result.ok ? null : result.outcome.slice(0, 500),
      sentAt: result.ok ? now : null,
      nextAttemptAt: status === "failed" ? new Date(now.getTime() + retryDelayMs(row.attempts, random())) : now,
      updatedAt: now,
    })
    // Only the deliverer holding the current claim settles it (attempts changes with every claim).
    .where(and(eq(notificationOutbox.id, row.id), eq(notificationOutbox.attempts, row.attempts)));
  return status;
}

async function deliverOne(
  db: Db,
  row: OutboxRow,
  channel: ChannelRow | undefined,
  opts: Required<Pick<DeliverOptions, "random">> & DeliverOptions & { now: Date },
) {
  const parsed = alertMessageSchema.safeParse(row.message);
  const started = performance.now();
  const result: SendOutcome = !channel
    ? { ok: false, statusCode: null, outcome: "The channel no longer exists", retryable: false }
    : !parsed.success
      ? { ok: false, statusCode: null, outcome: "The queued message is malformed", retryable: false }
      : await sendToChannel(
          channel,
          { id: row.id, idempotencyKey: row.idempotencyKey, message: parsed.data, createdAt: row.createdAt },
          { ...opts.send, now: opts.now },
        );
  const durationMs = performance.now() - started;
  if (channel) {
    await recordAttempt(db, {
      orgId: row.orgId,
      channelId: row.channelId,
      outboxId: row.id,
      attempt: row.attempts,
      result,
      durationMs,
      at: opts.now,
    });
  }
  return settle(db, row, result, opts.now, opts.random);
}

/** Claims and sends up to `limit` due messages. Never throws for a receiver's failure. */
export async function deliverDueNotifications(db: Db, options: DeliverOptions = {}): Promise<DeliverySummary> {
  const now = options.now ?? new Date();
  const opts = { ...options, now, random: options.random ?? Math.random };
  const rows = await claimDue(db, now, options.limit ?? DEFAULT_BATCH);
  const summary: DeliverySummary = { claimed: rows.length, sent: 0, retrying: 0, dead: 0 };
  if (rows.length === 0) return summary;
  const channels = await db
    .select()
    .from(notificationChannels)
    .where(inArray(notificationChannels.id, [...new Set(rows.map((r) => r.channelId))]));
  const byId = new Map(channels.map((c) => [c.id, c]));
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const status = await deliverOne(db, row, byId.get(row.channelId), opts);
      if (status === "sent") summary.sent++;
      else if (status === "dead") summary.dead++;
      else summary.retrying++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDS, rows.length) }, worker));
  return summary;
}
