import { index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { accountOfOrg } from "./provider-accounts";

export const CATALOG_KINDS = ["project", "api_key", "user", "service_account", "admin_api_key", "certificate"] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

/**
 * The provider's admin objects (projects or workspaces, their API keys, people, service accounts,
 * admin API keys, certificates), read from its admin list endpoints: the names behind the ids usage
 * rows carry ("Checkout Assistant", not "proj_8f2..."), and what an operator needs to see (expiring
 * certificates, archived projects). Keyed by the provider's id; an object a complete listing no longer
 * contains is soft-deleted (`deleted_at`), never removed, so old usage keeps its name.
 */
export const providerCatalog = pgTable(
  "provider_catalog",
  {
    orgId: uuid("org_id").notNull(),
    accountId: uuid("account_id").notNull(),
    kind: text("kind", { enum: CATALOG_KINDS }).notNull(),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    /** e.g. an API key's redacted value or owner, a user's email, a project's status. */
    details: jsonb("details"),
    /** The provider's own archive time (OpenAI projects). */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    /** Certificates: when the certificate stops being valid. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when a complete listing no longer contains the object; cleared if it comes back. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    accountOfOrg("provider_catalog_account_fk", t),
    unique("provider_catalog_account_kind_id").on(t.accountId, t.kind, t.externalId),
    index("provider_catalog_org_kind_idx").on(t.orgId, t.kind, t.externalId),
  ],
);
