/** Human names for the ids usage rows carry, from the provider catalog and the organization's accounts. */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { findProviderAdapter } from "@/lib/providers/registry";
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

/** id -> name for one dimension; ids = null loads every entry the organization has. */
export async function catalogNames(
  db: Db,
  orgId: string,
  dimension: CatalogDimension,
  ids: string[] | null,
): Promise<Map<string, string>> {
  return (await catalogNamesByDimension(db, orgId, { [dimension]: ids }))[dimension];
}

/** Names for several dimensions in one query. */
export async function catalogNamesByDimension(
  db: Db,
  orgId: string,
  wanted: Partial<Record<CatalogDimension, string[] | null>>,
): Promise<Record<CatalogDimension, Map<string, string>>> {
  const out: Record<CatalogDimension, Map<string, string>> = { project: new Map(), apiKey: new Map(), user: new Map() };
  const dims = (Object.keys(wanted) as CatalogDimension[]).filter((d) => wanted[d] === null || wanted[d]!.length > 0);
  if (dims.length === 0) return out;
  const kinds = dims.flatMap((d) => CATALOG_KINDS[d]);
  const ids = dims.some((d) => wanted[d] === null) ? null : [...new Set(dims.flatMap((d) => wanted[d]!))];
  const rows = rowsOf<{ kind: string; id: string; name: string | null }>(
    await db.execute(sql`
      select distinct on (kind, external_id) kind, external_id as id,
        coalesce(nullif(name, ''), details->>'email') as name
      from provider_catalog
      where org_id = ${orgId}::uuid and kind = any(${sql.param(kinds)}::text[])
        ${ids ? sql`and external_id = any(${sql.param(ids)}::text[])` : sql``}
      order by kind, external_id, updated_at desc`),
  );
  for (const d of dims) {
    for (const r of rows)
      if (r.name && CATALOG_KINDS[d].includes(r.kind) && !out[d].has(r.id)) out[d].set(r.id, r.name);
  }
  return out;
}

export async function accountLabels(db: Db, orgId: string): Promise<Map<string, string>> {
  const rows = rowsOf<{ id: string; label: string }>(
    await db.execute(sql`select id::text as id, label from provider_accounts where org_id = ${orgId}::uuid`),
  );
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** value -> label for the values of one breakdown dimension. */
export async function labelsFor(
  db: Db,
  orgId: string,
  dimension: BreakdownDimension,
  values: (string | null)[],
): Promise<(value: string | null) => string> {
  if (dimension === "batch") return (v) => BATCH_LABELS[v === "true" ? "true" : v === "false" ? "false" : "null"];
  if (dimension === "provider") return (v) => (v === null ? NONE_LABEL : (findProviderAdapter(v)?.displayName ?? v));
  let names = new Map<string, string>();
  if (dimension === "account") names = await accountLabels(db, orgId);
  else if (dimension === "project" || dimension === "apiKey" || dimension === "user") {
    names = await catalogNames(
      db,
      orgId,
      dimension,
      values.filter((v): v is string => v !== null),
    );
  }
  return (v) => (v === null ? NONE_LABEL : (names.get(v) ?? v));
}

/**
 * The label of a null project id for rows of one provider: its own name for "no project" (Anthropic's
 * "Default workspace"), else the generic "(none)".
 */
export function nullProjectLabel(provider: string | null): string {
  return (provider && findProviderAdapter(provider)?.nullProjectLabel) || NONE_LABEL;
}
