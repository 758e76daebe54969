import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

export const INGESTION_TRIGGERS = ["cron", "refresh", "api", "backfill", "spike", "bench", "demo"] as const;
export const RUN_STATUSES = ["running", "succeeded", "partial", "failed"] as const;

export const ingestionRuns = pgTable(
  "ingestion_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Who asked for the run (Refresh, POST /api/usage); null for cron, CLIs and older runs. */
    triggeredByUserId: uuid("triggered_by_user_id").references(() => users.id, { onDelete: "set null" }),
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
  (t) => [index("ingestion_runs_org_started_idx").on(t.orgId, t.startedAt)],
);
