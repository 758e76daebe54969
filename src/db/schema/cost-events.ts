import {
  bigint,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { accountOfOrg } from "./provider-accounts";

/**
 * Provider-reported (billed) cost, one row per day and the provider's own grouping columns.
 * Shared with the money issue: amounts are exact numeric USD, never floats, never computed here.
 */
export const costEvents = pgTable(
  "cost_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id").notNull(),
    accountId: uuid("account_id").notNull(),
    provider: text("provider").notNull(),
    /** Which provider endpoint the row came from ("cost_report"). */
    source: text("source").notNull(),
    /** UTC day of the bucket. */
    day: date("day", { mode: "string" }).notNull(),
    amountUsd: numeric("amount_usd").notNull(),
    currency: text("currency").notNull().default("USD"),
    /** OpenAI project or Anthropic workspace; null = none (Anthropic: the default workspace). */
    projectId: text("project_id"),
    /** The provider's line item, e.g. "Claude Sonnet 4.5 Usage - Input Tokens". */
    lineItem: text("line_item"),
    apiKeyId: text("api_key_id"),
    model: text("model"),
    costType: text("cost_type"),
    tokenType: text("token_type"),
    serviceTier: text("service_tier"),
    contextWindow: text("context_window"),
    inferenceGeo: text("inference_geo"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The dedupe key of cost ingestion: every grouping column, NULLS NOT DISTINCT so rows without
    // some grouping still dedupe.
    unique("cost_events_dedupe_idx")
      .on(
        t.accountId,
        t.day,
        t.currency,
        t.projectId,
        t.lineItem,
        t.apiKeyId,
        t.model,
        t.costType,
        t.tokenType,
        t.serviceTier,
        t.contextWindow,
        t.inferenceGeo,
      )
      .nullsNotDistinct(),
    accountOfOrg("cost_events_account_fk", t),
    // Day ranges of an organization, and reconciliation's line items of given days and projects.
    index("cost_events_org_day_project_idx").on(t.orgId, t.day, t.projectId),
  ],
);

/** The columns both billed-cost rollups share (src/lib/reconciliation/cost-rollup.ts). */
const billedDayColumns = () => ({
  orgId: uuid("org_id").notNull(),
  accountId: uuid("account_id").notNull(),
  provider: text("provider").notNull(),
  day: date("day", { mode: "string" }).notNull(),
  currency: text("currency").notNull(),
  projectId: text("project_id"),
  amountUsd: numeric("amount_usd").notNull(),
  /** How many cost_events rows were summed into this one. */
  rowCount: integer("row_count").notNull(),
});

/**
 * Billed cost summed per account, UTC day, currency and project: what reconciliation and the spend
 * views read instead of every line item and API key. Rebuilt per account and day window by
 * refreshCostRollup; an organization with an account whose rollup is missing or of an older
 * version is read from cost_events instead.
 */
export const costDaily = pgTable("cost_daily", billedDayColumns(), (t) => [
  unique("cost_daily_key_idx").on(t.accountId, t.day, t.currency, t.projectId).nullsNotDistinct(),
  index("cost_daily_org_day_idx").on(t.orgId, t.day),
  accountOfOrg("cost_daily_account_fk", t),
]);

/**
 * Billed cost summed per account, UTC day, currency, project and line item (over API keys): the
 * bill as a cost CSV export lists it, for `usage:diff --costs`, the parity API and reconciliation's
 * line items. Kept by the same refresh as cost_daily, which is summed from it.
 */
export const costLineDaily = pgTable("cost_line_daily", { ...billedDayColumns(), lineItem: text("line_item") }, (t) => [
  unique("cost_line_daily_key_idx").on(t.accountId, t.day, t.currency, t.projectId, t.lineItem).nullsNotDistinct(),
  // Reconciliation reads the line items of its flagged (day, project) rows.
  index("cost_line_daily_org_day_project_idx").on(t.orgId, t.day, t.projectId),
  accountOfOrg("cost_line_daily_account_fk", t),
]);

/** Which accounts have cost_daily and cost_line_daily rollups, and of which layout version. */
export const costRollupState = pgTable(
  "cost_rollup_state",
  {
    accountId: uuid("account_id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    version: integer("version").notNull(),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("cost_rollup_state_org_idx").on(t.orgId), accountOfOrg("cost_rollup_state_account_fk", t)],
);

/**
 * What one settled day of one account's cost source held when it was last written: a digest of
 * the lines in the order the provider sent them. A re-read day with the same digest is left
 * alone (no upsert, no prune, no rollup work); only ingestion's settled-day writer
 * (src/lib/ingestion/persist-cost-days.ts) writes cost_events rows for such days, in the same
 * transaction as this row. A migration that rewrites cost_events must empty this table.
 */
export const costDayState = pgTable(
  "cost_day_state",
  {
    accountId: uuid("account_id").notNull(),
    orgId: uuid("org_id").notNull(),
    source: text("source").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    digest: text("digest").notNull(),
    lines: integer("lines").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.source, t.day] }),
    index("cost_day_state_org_idx").on(t.orgId),
    accountOfOrg("cost_day_state_account_fk", t),
  ],
);
