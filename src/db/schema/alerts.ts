import { index, jsonb, numeric, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { budgets } from "./budgets";
import { organizations } from "./organizations";

export const ALERT_KINDS = ["budget_threshold", "anomaly"] as const;

/**
 * Alerts that fired: one row per occurrence, keyed by `idempotency_key` (budget, month, threshold
 * and basis; or anomaly scope and day). Evaluation inserts with ON CONFLICT DO NOTHING and only the
 * run whose insert landed hands the alert to the delivery side, so overlapping runs fire once.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ALERT_KINDS }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** Kept as history when the budget is deleted. */
    budgetId: uuid("budget_id").references(() => budgets.id, { onDelete: "set null" }),
    /** The month (YYYY-MM) of a budget alert or the day (YYYY-MM-DD) of an anomaly. */
    period: text("period").notNull(),
    title: text("title").notNull(),
    text: text("text").notNull(),
    facts: jsonb("facts").$type<Record<string, string>>().notNull(),
    /** The spend that crossed the line (actual or forecast) and the line itself, exact USD. */
    amountUsd: numeric("amount_usd").notNull(),
    limitUsd: numeric("limit_usd").notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("alerts_idempotency_key").on(t.idempotencyKey), index("alerts_org_fired_idx").on(t.orgId, t.firedAt)],
);
