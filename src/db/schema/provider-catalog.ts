import { index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { providerKeys } from "./provider-keys";
import { users } from "./users";

export const CATALOG_KINDS = ["project", "api_key", "user", "service_account"] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

/**
 * Names for the ids usage rows carry (projects, API keys, people, service accounts), read from the
 * provider's admin list endpoints so the dashboard can say "Checkout Assistant", not "proj_8f2...".
 */
export const providerCatalog = pgTable(
  "provider_catalog",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    keyId: uuid("key_id")
      .notNull()
      .references(() => providerKeys.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CATALOG_KINDS }).notNull(),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    /** e.g. an API key's redacted value or owner, a user's email, a project's status. */
    details: jsonb("details"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("provider_catalog_key_kind_id").on(t.keyId, t.kind, t.externalId),
    index("provider_catalog_user_kind_idx").on(t.userId, t.kind, t.externalId),
  ],
);
