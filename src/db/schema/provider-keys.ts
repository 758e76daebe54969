import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accountOfOrg, PROVIDERS } from "./provider-accounts";
import { users } from "./users";

export const USAGE_MODES = ["standard", "admin"] as const;
export const SYNC_STATUSES = ["never", "ok", "partial", "failed", "simulated"] as const;

/** A credential of a provider account. Usage belongs to the account, so deleting a key keeps it. */
export const providerKeys = pgTable(
  "provider_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    accountId: uuid("account_id").notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    provider: text("provider", { enum: PROVIDERS }).notNull(),
    label: text("label").notNull(),
    usageMode: text("usage_mode", { enum: USAGE_MODES }).notNull(),
    organizationId: text("organization_id"),
    projectId: text("project_id"),
    /** AES-256-GCM: base64 ciphertext, 12-byte IV, 16-byte tag, and the version of the key used. */
    ciphertext: text("ciphertext").notNull(),
    iv: text("iv").notNull(),
    authTag: text("auth_tag").notNull(),
    encryptionKeyVersion: integer("encryption_key_version").notNull(),
    maskedKey: text("masked_key").notNull(),
    lastSyncAt: timestamp("last_sync_at", { withTimezone: true }),
    lastSyncStatus: text("last_sync_status", { enum: SYNC_STATUSES }).notNull().default("never"),
    lastSyncMessage: text("last_sync_message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("provider_keys_org_idx").on(t.orgId),
    index("provider_keys_account_idx").on(t.accountId),
    accountOfOrg("provider_keys_account_fk", t),
  ],
);
