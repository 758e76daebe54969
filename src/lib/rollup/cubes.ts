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

export function cubeNamed(name: CubeName) {
  return CUBES.find((c) => c.name === name)!;
}
