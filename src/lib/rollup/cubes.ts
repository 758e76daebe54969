/**
 * The rollup cubes' layout (src/db/schema/usage-rollup.ts): which columns each keeps. The write
 * side (./refresh.ts) fills them; the read side (src/lib/analytics/plan.ts) picks one per query.
 */
import { createHash } from "node:crypto";
import { PRICING_VERSION } from "@/lib/pricing/version";

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

export type CubeName = "total" | "project_total" | "core" | "project" | "member";

export interface Cube {
  name: CubeName;
  table: string;
  columns: readonly FactColumn[];
  /** Keeps 7-day block rows too (every cube does today; months are summed from them). */
  blocks: boolean;
}

/**
 * Smallest first: the first cube that has every needed column is the cheapest to read. A query no
 * cube covers (an API key's models, a person's service tiers, ...) reads usage_events: a cube with
 * every dimension had about as many rows as usage_events itself and cost most of ingestion's time.
 */
export const CUBES: readonly Cube[] = [
  { name: "total", table: "usage_rollup_total", columns: [], blocks: true },
  { name: "project_total", table: "usage_rollup_project_total", columns: ["project_id"], blocks: true },
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
];

/**
 * Every cube's measures. priced_rows counts the summed rows that have a cost: the cost stays null
 * while it is 0, as sum() leaves it, even after deltas took priced rows away.
 */
export const CUBE_MEASURES = [
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "requests",
  "cost_usd",
  "row_count",
  "priced_rows",
] as const;

/**
 * What an account's cubes were built with: the price table and the cube layout. Rows of another
 * version are not read, and the account's next refresh rebuilds them.
 */
export const ROLLUP_VERSION = `${PRICING_VERSION}.${createHash("sha256")
  .update(JSON.stringify({ cubes: CUBES, measures: CUBE_MEASURES }))
  .digest("hex")
  .slice(0, 8)}`;

export function cubeNamed(name: CubeName) {
  return CUBES.find((c) => c.name === name)!;
}
