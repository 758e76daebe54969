import { date, index, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { accountOfOrg } from "./provider-accounts";
import { users } from "./users";

/**
 * An organization's own prices for a model (negotiated discounts, fine-tuned models), USD per 1M
 * tokens, from effective_from to effective_to (inclusive; null = open-ended). They replace the
 * library's token prices in src/lib/pricing; changing one re-prices the affected usage rows.
 */
export const priceOverrides = pgTable(
  "price_overrides",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    /** The model, or a name whose dated snapshots it also covers (`gpt-4o` covers `gpt-4o-2024-08-06`). */
    model: text("model").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    effectiveTo: date("effective_to", { mode: "string" }),
    inputPerMTok: numeric("input_per_mtok").notNull(),
    /** Null = cached input costs the input price. */
    cachedInputPerMTok: numeric("cached_input_per_mtok"),
    /** Null = cache writes cost the input price. */
    cacheWritePerMTok: numeric("cache_write_per_mtok"),
    outputPerMTok: numeric("output_per_mtok").notNull(),
    note: text("note"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("price_overrides_org_model_idx").on(t.orgId, t.provider, t.model)],
);

/**
 * The PRICING_VERSION (src/lib/pricing/version.ts) each provider account's usage_events.cost_usd
 * were computed with. No row, or another version: the account's next rollup refresh re-prices
 * all its rows first (this is also how rows stored before cost_usd existed get their cost).
 */
export const usagePricingState = pgTable(
  "usage_pricing_state",
  {
    accountId: uuid("account_id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    pricingVersion: text("pricing_version").notNull(),
    pricedAt: timestamp("priced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [accountOfOrg("usage_pricing_state_account_fk", t)],
);
