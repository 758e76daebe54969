import { date, index, numeric, pgTable, text, timestamp, unique, uuid, bigint } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";

/**
 * Provider-reported (billed) cost, one row per day and the provider's own grouping columns.
 * Shared with the money issue: amounts are exact numeric USD, never floats, never computed here.
 */
export const costEvents = pgTable(
  "cost_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => providerAccounts.id, { onDelete: "cascade" }),
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
    index("cost_events_org_day_idx").on(t.orgId, t.day),
  ],
);
