/**
 * Which table answers a query. Each rollup cube (src/lib/rollup/cubes.ts) keeps some columns; a
 * query may use a cube when every column it filters or groups by is kept there.
 */
import { CUBES, type Cube, type FactColumn } from "@/lib/rollup";
import type { AnalyticsFilters, BreakdownDimension } from "./contract";

/** Every cube has these. */
const EVERY_CUBE: readonly FactColumn[] = ["period", "account_id", "simulated"];

export const FILTER_COLUMNS = {
  accountId: "account_id",
  // A provider is a set of accounts: every cube can answer it.
  provider: "account_id",
  model: "model",
  projectId: "project_id",
  apiKeyId: "api_key_id",
  providerUserId: "provider_user_id",
  serviceTier: "service_tier",
  batch: "batch",
} as const satisfies Partial<Record<keyof AnalyticsFilters, FactColumn>>;

export const DIMENSION_COLUMNS = {
  model: "model",
  project: "project_id",
  apiKey: "api_key_id",
  user: "provider_user_id",
  serviceTier: "service_tier",
  batch: "batch",
  account: "account_id",
  provider: "account_id",
} as const satisfies Record<BreakdownDimension, FactColumn>;

export function filterColumns(filters: AnalyticsFilters): FactColumn[] {
  return (Object.keys(FILTER_COLUMNS) as (keyof typeof FILTER_COLUMNS)[])
    .filter((f) => filters[f] !== undefined)
    .map((f) => FILTER_COLUMNS[f]);
}

export function cubeFor(columns: readonly FactColumn[]): Cube | null {
  const needed = columns.filter((c) => !EVERY_CUBE.includes(c));
  return CUBES.find((cube) => needed.every((c) => cube.columns.includes(c))) ?? null;
}
