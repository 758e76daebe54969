import { foreignKey, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
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
    // The target of accountOfOrg below; also serves the organization's account lookups.
    unique("provider_accounts_org_id_id").on(t.orgId, t.id),
  ],
);

/**
 * The link of every row that belongs to a provider account (usage, billed cost, their rollups and
 * states, keys, catalog, cron work) as one foreign key on (org_id, account_id): a row's org_id must
 * be its account's, and an insert never checks (so never share-locks) the organization row. With a
 * key per column, concurrent writers of one organization's accounts share-locked that row on every
 * inserted row (multixact churn under the cron's fan-out). Deleting the organization still cascades,
 * through its accounts.
 */
export const accountOfOrg = (name: string, t: { orgId: AnyPgColumn; accountId: AnyPgColumn }) =>
  foreignKey({
    name,
    columns: [t.orgId, t.accountId],
    foreignColumns: [providerAccounts.orgId, providerAccounts.id],
  }).onDelete("cascade");
