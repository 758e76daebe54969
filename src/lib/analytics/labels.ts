/** Human names for the ids usage rows carry, from the provider catalog and the user's keys. */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { BreakdownDimension } from "./contract";

export const NONE_LABEL = "(none)";
export const BATCH_LABELS = { true: "Batch", false: "Standard (non-batch)", null: "(unknown)" } as const;

export type CatalogDimension = "project" | "apiKey" | "user";

/** Service accounts own API keys too, and usage made with such a key may carry their id as user. */
const CATALOG_KINDS: Record<CatalogDimension, string[]> = {
  project: ["project"],
  apiKey: ["api_key"],
  user: ["user", "service_account"],
};

/** id -> name for one dimension; ids = null loads every entry the user has. */
export async function catalogNames(
  db: Db,
  userId: string,
  dimension: CatalogDimension,
  ids: string[] | null,
): Promise<Map<string, string>> {
  if (ids && ids.length === 0) return new Map();
  const rows = rowsOf<{ id: string; name: string | null }>(
    await db.execute(sql`
      select distinct on (external_id) external_id as id, coalesce(nullif(name, ''), details->>'email') as name
      from provider_catalog
      where user_id = ${userId}::uuid and kind = any(${sql.param(CATALOG_KINDS[dimension])}::text[])
        ${ids ? sql`and external_id = any(${sql.param(ids)}::text[])` : sql``}
      order by external_id, updated_at desc`),
  );
  return new Map(rows.filter((r) => r.name).map((r) => [r.id, r.name!]));
}

export async function keyLabels(db: Db, userId: string): Promise<Map<string, string>> {
  const rows = rowsOf<{ id: string; label: string }>(
    await db.execute(sql`select id::text as id, label from provider_keys where user_id = ${userId}::uuid`),
  );
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** value -> label for the values of one breakdown dimension. */
export async function labelsFor(
  db: Db,
  userId: string,
  dimension: BreakdownDimension,
  values: (string | null)[],
): Promise<(value: string | null) => string> {
  if (dimension === "batch") return (v) => BATCH_LABELS[v === "true" ? "true" : v === "false" ? "false" : "null"];
  let names = new Map<string, string>();
  if (dimension === "key") names = await keyLabels(db, userId);
  else if (dimension === "project" || dimension === "apiKey" || dimension === "user") {
    names = await catalogNames(
      db,
      userId,
      dimension,
      values.filter((v): v is string => v !== null),
    );
  }
  return (v) => (v === null ? NONE_LABEL : (names.get(v) ?? v));
}
