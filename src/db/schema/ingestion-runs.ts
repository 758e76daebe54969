import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const INGESTION_TRIGGERS = ["cron", "refresh", "api", "backfill", "spike", "bench", "demo"] as const;
export const RUN_STATUSES = ["running", "succeeded", "partial", "failed"] as const;

export const ingestionRuns = pgTable(
  "ingestion_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    trigger: text("trigger", { enum: INGESTION_TRIGGERS }).notNull(),
    label: text("label"),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("running"),
    dryRun: boolean("dry_run").notNull().default(false),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    telemetry: jsonb("telemetry"),
    error: text("error"),
  },
  (t) => [index("ingestion_runs_user_started_idx").on(t.userId, t.startedAt)],
);
