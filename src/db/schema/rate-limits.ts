import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Fixed-window counters for the named rate-limit policies (sign-in, sign-up, tokens, invites).
 * Kept in the database, not in memory, so every server instance counts the same attempts.
 * `bucket` is `<policy>:<sha256 of the subject>`: no email or address is stored in clear.
 */
export const rateLimits = pgTable("rate_limits", {
  bucket: text("bucket").primaryKey(),
  hits: integer("hits").notNull(),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});
