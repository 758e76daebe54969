import { index, jsonb, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

export const THRESHOLD_BASES = ["actual", "forecast"] as const;
export type ThresholdBasis = (typeof THRESHOLD_BASES)[number];

export interface BudgetThreshold {
  /** Percent of the monthly amount, e.g. 80. */
  percent: number;
  basis: ThresholdBasis;
}

/**
 * A monthly (calendar month, UTC) spending limit of an organization, optionally narrowed to one
 * provider, project/workspace or provider API key. Spend is billed where the provider reports
 * cost and computed elsewhere (src/lib/money/spend.ts).
 */
export const budgets = pgTable(
  "budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    provider: text("provider"),
    projectId: text("project_id"),
    apiKeyId: text("api_key_id"),
    amountUsd: numeric("amount_usd").notNull(),
    thresholds: jsonb("thresholds").$type<BudgetThreshold[]>().notNull(),
    /** Notification channels (src/db/schema/notifications*.ts) alerts of this budget go to. */
    channelIds: uuid("channel_ids").array().notNull().default([]),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("budgets_org_idx").on(t.orgId)],
);
