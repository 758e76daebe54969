import { index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";

export const CATALOG_KINDS = ["project", "api_key", "user", "service_account"] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

/**
 * Names for the ids usage rows carry (projects, API keys, people, service accounts), read from the
 * provider's admin list endpoints so the dashboard can say "Checkout Assistant", not "proj_8f2...".
 */
export const providerCatalog = pgTable(
  "provider_catalog",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => providerAccounts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CATALOG_KINDS }).notNull(),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    /** e.g. an API key's redacted value or owner, a user's email, a project's status. */
    details: jsonb("details"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("provider_catalog_account_kind_id").on(t.accountId, t.kind, t.externalId),
    index("provider_catalog_org_kind_idx").on(t.orgId, t.kind, t.externalId),
  ],
);
