/**
 * Which table answers a query. Each rollup cube (src/db/schema/usage-rollup.ts) keeps some
 * columns; a query may use a cube when every column it filters or groups by is kept there.
 */
import { createHash } from "node:crypto";
import { PRICING_VERSION } from "@/lib/pricing";
import type { AnalyticsFilters, BreakdownDimension } from "./contract";

/** Column names shared by usage_events and the cubes (plus `period`, the UTC day or month). */
export type FactColumn =
  | "period"
  | "account_id"
  | "simulated"
  | "model"
  | "project_id"
  | "api_key_id"
  | "provider_user_id"
  | "service_tier"
  | "batch";

export type CubeName = "total" | "core" | "project" | "member" | "detail";

export interface Cube {
  name: CubeName;
  table: string;
  columns: readonly FactColumn[];
  /** Keeps 7-day block rows too. The detail cube does not: its reads are narrowed by indexes. */
  blocks: boolean;
}

/** Smallest first: the first cube that has every needed column is the cheapest to read. */
export const CUBES: readonly Cube[] = [
  { name: "total", table: "usage_rollup_total", columns: [], blocks: true },
  { name: "core", table: "usage_rollup_core", columns: ["model", "service_tier", "batch"], blocks: true },
  {
    name: "project",
    table: "usage_rollup_project",
    columns: ["project_id", "model", "batch"],
    blocks: true,
  },
  {
    name: "member",
    table: "usage_rollup_member",
    columns: ["project_id", "api_key_id", "provider_user_id", "batch"],
    blocks: true,
  },
  {
    name: "detail",
    table: "usage_rollup_detail",
    columns: ["model", "project_id", "api_key_id", "provider_user_id", "service_tier", "batch"],
    blocks: false,
  },
];

/**
 * What an account's cubes were built with: the price table and the cube layout. Rows of another
 * version are not read, and the account's next refresh rebuilds them.
 */
export const ROLLUP_VERSION = `${PRICING_VERSION}.${createHash("sha256").update(JSON.stringify(CUBES)).digest("hex").slice(0, 8)}`;

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

export function cubeNamed(name: CubeName) {
  return CUBES.find((c) => c.name === name)!;
}
