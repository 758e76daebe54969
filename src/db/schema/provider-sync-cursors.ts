import { integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { providerAccounts } from "./provider-accounts";

/**
 * Where each admin listing of a provider account stands, so an interrupted metadata sync resumes
 * instead of starting over. One row per account and endpoint (e.g. `/organization/projects/p1/users`),
 * plus the row `*` for the whole round: its `listing_started_at` is the round's start, and objects not
 * seen since then are soft-deleted when the round completes.
 */
export const providerSyncCursors = pgTable(
  "provider_sync_cursors",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => providerAccounts.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull(),
    /** The provider's cursor (`after` / `next_page`) to continue from; null = start of the listing. */
    after: text("after"),
    listingStartedAt: timestamp("listing_started_at", { withTimezone: true }),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    errorCount: integer("error_count").notNull().default(0),
    lastError: text("last_error"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.endpoint] })],
);
