import { date, index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { accountOfOrg } from "./provider-accounts";

export const WORK_ITEM_STATES = ["pending", "running", "done", "failed"] as const;

/**
 * The cron's per-account work for one UTC day, shared by every invocation: claimed with
 * `FOR UPDATE SKIP LOCKED`, held by a lease that lapses when the invocation dies (a `running`
 * item past `lease_until` is claimable again), retried until `attempts` reaches the cap.
 */
export const cronWorkItems = pgTable(
  "cron_work_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runDay: date("run_day").notNull(),
    orgId: uuid("org_id").notNull(),
    accountId: uuid("account_id").notNull(),
    state: text("state", { enum: WORK_ITEM_STATES }).notNull().default("pending"),
    /** Least recently synced first; null (never synced) before everything. */
    lastSyncAt: timestamp("last_sync_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    runId: uuid("run_id"),
    lastError: text("last_error"),
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    accountOfOrg("cron_work_items_account_fk", t),
    unique("cron_work_items_day_account").on(t.runDay, t.accountId),
    index("cron_work_items_claim_idx").on(t.runDay, t.state, t.lastSyncAt),
  ],
);
