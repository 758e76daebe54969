import { index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

export const PROVIDERS = ["openai", "anthropic"] as const;

/**
 * An organization's connection to one provider organization (OpenAI org, later Anthropic org):
 * usage rows belong to it, and its keys are interchangeable credentials for it. `external_id` is
 * the provider's own org id; a standard key without one is its own account (external_id null, and
 * NULLs never collide in the unique constraint).
 */
export const providerAccounts = pgTable(
  "provider_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: PROVIDERS }).notNull(),
    externalId: text("external_id"),
    label: text("label").notNull(),
    /** When the names catalog was last listed with any of the account's keys. */
    catalogSyncedAt: timestamp("catalog_synced_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("provider_accounts_org_provider_external_id").on(t.orgId, t.provider, t.externalId),
    index("provider_accounts_org_idx").on(t.orgId),
  ],
);
