import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

export const API_TOKEN_SCOPES = ["usage:read", "costs:read", "ingest:write"] as const;

/**
 * API tokens for machines (`Authorization: Bearer ct_...`), owned by an organization. The secret is
 * shown once at creation; the row keeps only its SHA-256 and its last 4 characters for display.
 * Revoked tokens stay (revoked_at) so the audit log can still name them.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    scopes: text("scopes", { enum: API_TOKEN_SCOPES }).array().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    last4: text("last4").notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** Stamped at most once a minute per token: a busy script must not write on every request. */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("api_tokens_org_idx").on(t.orgId)],
);
