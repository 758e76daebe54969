import { boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { notificationChannels } from "./notification-channels";
import { organizations } from "./organizations";

export const OUTBOX_STATUSES = ["pending", "sent", "failed", "dead"] as const;

/**
 * One message for one channel. (idempotency_key, channel_id) is unique, so an alert enqueued twice
 * (two overlapping runs) is delivered once. A deliverer claims a row by moving next_attempt_at past
 * its lease: a crashed deliverer's row comes due again by itself.
 */
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key").notNull(),
    /** The AlertMessage of src/lib/notifications/contract.ts. */
    message: jsonb("message").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("notification_outbox_key_channel_uq").on(t.idempotencyKey, t.channelId),
    index("notification_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("notification_outbox_org_idx").on(t.orgId),
  ],
);

/** The delivery log: one row per attempt (outbox deliveries and "Send test" alike). */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
    /** Null for a "Send test". */
    outboxId: uuid("outbox_id").references(() => notificationOutbox.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    ok: boolean("ok").notNull(),
    statusCode: integer("status_code"),
    /** Plain words: "The receiver answered 500", "Timed out after 10 s". Never a secret. */
    outcome: text("outcome").notNull(),
    durationMs: integer("duration_ms").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notification_deliveries_channel_idx").on(t.channelId, t.attemptedAt)],
);
