import { boolean, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The tenant: provider accounts, keys, usage, runs and the audit log belong to an organization,
 * never to a person. Every user owns a personal one (created at sign-up); a Clerk organization is
 * mirrored here on first sight (clerk_org_id).
 */
export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  personal: boolean("personal").notNull().default(false),
  clerkOrgId: text("clerk_org_id").unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
