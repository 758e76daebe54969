/**
 * The read side's public shapes: what src/lib/analytics returns and what the dashboard, GET
 * /api/usage and the CSV export consume. Query functions take (db, orgId, params) and validate
 * params with the zod schemas in ./filters.ts.
 */

export const BREAKDOWN_DIMENSIONS = [
  "model",
  "project",
  "apiKey",
  "user",
  "serviceTier",
  "batch",
  "account",
  "provider",
] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export { GRANULARITIES, type Granularity } from "@/lib/dates/periods";

/** Filters shared by every view; start/end are inclusive UTC dates `YYYY-MM-DD`. */
export interface AnalyticsFilters {
  start: string;
  end: string;
  /** A provider account of the organization (usage belongs to accounts, not keys). */
  accountId?: string;
  /** A provider id ("openai", "anthropic"): usage of the organization's accounts of that provider. */
  provider?: string;
  projectId?: string;
  apiKeyId?: string;
  model?: string;
  serviceTier?: string;
  batch?: boolean;
  providerUserId?: string;
}

export interface UsageSums {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  requests: number;
  /** Estimated from the price table; null when no row in range has a known price. */
  costUsd: number | null;
}

export interface TotalsView {
  range: { start: string; end: string };
  previousRange: { start: string; end: string };
  current: UsageSums;
  previous: UsageSums;
  /** Rows in range that are simulated (never mixed silently with real data). */
  simulatedRows: number;
  /** Latest successful sync across the organization's keys, ISO string, or null. */
  lastSyncAt: string | null;
  /** Caveats about the numbers in range, e.g. a provider that bills some tier outside its cost report. */
  notes: string[];
}

export interface TimeSeriesPoint extends UsageSums {
  /** First UTC day of the period, `YYYY-MM-DD` (weeks start on Monday). */
  period: string;
}

export interface BreakdownRow extends UsageSums {
  /** The raw value (model name, project id, ...); null when the provider sent none. */
  value: string | null;
  /** Human name when known (project name, API key name, person), else the id, else "(none)". */
  label: string;
}

export interface FilterOptions {
  accounts: { id: string; label: string }[];
  /** The providers the organization has accounts with ("openai" -> "OpenAI"). */
  providers: { id: string; label: string }[];
  models: string[];
  projects: { id: string; label: string }[];
  apiKeys: { id: string; label: string }[];
  users: { id: string; label: string }[];
  serviceTiers: string[];
  /** First and last UTC day with any usage, or null when there is none. */
  dataRange: { start: string; end: string } | null;
}
