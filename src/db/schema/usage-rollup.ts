/**
 * Pre-aggregated usage for the dashboard: "cubes" of usage_events, each summed per
 * provider account and UTC day (grain 'day') and again per calendar month (grain 'month', period = the
 * 1st) and per 7-day block of a month (grain 'block'), so a one-year view
 * reads ~12 month rows, a few blocks and a few days at the edges instead of every row.
 * The narrow cubes keep only the columns some view groups or filters by, and a query reads the
 * smallest cube that has its columns; cost is summed in (exact numeric, from the price table whose
 * version usage_rollup_state records), which is what lets cubes drop `model`. Ingestion adds each
 * page's changes to them (src/lib/rollup/deltas.ts), which needs one row per key: hence the unique
 * `*_key` constraints (NULLS NOT DISTINCT, as dimensions may be null); they also serve the per-account
 * reads. Rebuilt whole by refreshUsageRollup (src/lib/rollup/refresh.ts) after a price table or
 * layout change; accounts whose cubes are missing or stale are read from usage_events instead.
 */
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { accountOfOrg } from "./provider-accounts";

/** 'block' = 7-day blocks inside a month (from the 1st, 8th, 15th, 22nd and 29th; period = first day). */
export const ROLLUP_GRAINS = ["day", "block", "month"] as const;

const measures = () => ({
  orgId: uuid("org_id").notNull(),
  accountId: uuid("account_id").notNull(),
  grain: text("grain", { enum: ROLLUP_GRAINS }).notNull(),
  period: date("period", { mode: "string" }).notNull(),
  simulated: boolean("simulated").notNull(),
  inputTokens: bigint("input_tokens", { mode: "number" }).notNull(),
  cachedInputTokens: bigint("cached_input_tokens", { mode: "number" }).notNull(),
  outputTokens: bigint("output_tokens", { mode: "number" }).notNull(),
  requests: bigint("requests", { mode: "number" }).notNull(),
  /** Null when none of the summed rows has a known price. */
  costUsd: numeric("cost_usd"),
  /** How many usage_events rows were summed into this one. */
  rowCount: integer("row_count").notNull(),
  /** How many of them have a cost: cost_usd is null exactly when none has (kept by ingestion's deltas). */
  pricedRows: integer("priced_rows").notNull().default(0),
});

/** One row per account and period: unfiltered totals and time series. */
export const usageRollupTotal = pgTable("usage_rollup_total", { ...measures() }, (t) => [
  accountOfOrg("usage_rollup_total_account_fk", t),
  index("usage_rollup_total_read_idx").on(t.orgId, t.grain, t.period),
  unique("usage_rollup_total_key").on(t.accountId, t.grain, t.period, t.simulated).nullsNotDistinct(),
]);

/** Totals, time series, and the model / service tier / batch / account breakdowns. */
export const usageRollupCore = pgTable(
  "usage_rollup_core",
  {
    ...measures(),
    model: text("model").notNull(),
    serviceTier: text("service_tier"),
    batch: boolean("batch"),
  },
  (t) => [
    accountOfOrg("usage_rollup_core_account_fk", t),
    index("usage_rollup_core_read_idx").on(t.orgId, t.grain, t.period),
    unique("usage_rollup_core_key")
      .on(t.accountId, t.grain, t.period, t.simulated, t.model, t.serviceTier, t.batch)
      .nullsNotDistinct(),
  ],
);

/** Per project only: spend by project, reconciliation and anomalies (a year is a few thousand rows). */
export const usageRollupProjectTotal = pgTable(
  "usage_rollup_project_total",
  {
    ...measures(),
    projectId: text("project_id"),
  },
  (t) => [
    accountOfOrg("usage_rollup_project_total_account_fk", t),
    index("usage_rollup_project_total_read_idx").on(t.orgId, t.grain, t.period),
    unique("usage_rollup_project_total_key")
      .on(t.accountId, t.grain, t.period, t.simulated, t.projectId)
      .nullsNotDistinct(),
  ],
);

/** Per project, with model and batch so those filters still apply. */
export const usageRollupProject = pgTable(
  "usage_rollup_project",
  {
    ...measures(),
    projectId: text("project_id"),
    model: text("model").notNull(),
    batch: boolean("batch"),
  },
  (t) => [
    accountOfOrg("usage_rollup_project_account_fk", t),
    index("usage_rollup_project_read_idx").on(t.orgId, t.grain, t.period),
    index("usage_rollup_project_project_idx").on(t.orgId, t.projectId, t.grain, t.period),
    unique("usage_rollup_project_key")
      .on(t.accountId, t.grain, t.period, t.simulated, t.projectId, t.model, t.batch)
      .nullsNotDistinct(),
  ],
);

/**
 * Per API key and person (an API key belongs to one project, so the project costs no rows, and
 * batch adds few).
 */
export const usageRollupMember = pgTable(
  "usage_rollup_member",
  {
    ...measures(),
    projectId: text("project_id"),
    apiKeyId: text("api_key_id"),
    providerUserId: text("provider_user_id"),
    batch: boolean("batch"),
  },
  (t) => [
    accountOfOrg("usage_rollup_member_account_fk", t),
    index("usage_rollup_member_read_idx").on(t.orgId, t.grain, t.period),
    index("usage_rollup_member_api_key_idx").on(t.orgId, t.apiKeyId, t.grain, t.period),
    index("usage_rollup_member_user_idx").on(t.orgId, t.providerUserId, t.grain, t.period),
    unique("usage_rollup_member_key")
      .on(t.accountId, t.grain, t.period, t.simulated, t.projectId, t.apiKeyId, t.providerUserId, t.batch)
      .nullsNotDistinct(),
  ],
);

/**
 * One row per provider account whose cubes are complete. `pricing_version` is the ROLLUP_VERSION
 * (src/lib/rollup/cubes.ts: price table plus cube layout) the rows were built with; accounts
 * with usage but no row of the current version are read from usage_events until refreshed.
 */
export const usageRollupState = pgTable(
  "usage_rollup_state",
  {
    accountId: uuid("account_id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    pricingVersion: text("pricing_version").notNull(),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("usage_rollup_state_org_idx").on(t.orgId), accountOfOrg("usage_rollup_state_account_fk", t)],
);
