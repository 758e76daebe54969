import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { parseOrThrow } from "@/lib/validation";
import type { FilterOptions } from "./contract";
import { facts } from "./facts";
import { analyticsFilterFields, checkRange } from "./filters";
import { catalogNames, keyLabels, type CatalogDimension } from "./labels";
import { rollupIsCurrent, type ReadOptions, type Source } from "./source";

export const rangeSchema = z
  .strictObject({ start: analyticsFilterFields.start, end: analyticsFilterFields.end })
  .superRefine(checkRange);

const distinctValues = (rows: Record<string, string | null>[], column: string) =>
  [...new Set(rows.map((r) => r[column]).filter((v): v is string => v !== null))].sort();

async function labelled(db: Db, userId: string, dimension: CatalogDimension, ids: string[]) {
  const names = await catalogNames(db, userId, dimension, ids);
  return ids
    .map((id) => ({ id, label: names.get(id) ?? id }))
    .sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
}

/** What the filter pickers offer: the user's keys, and the values that occur in the range. */
export async function getFilterOptions(
  db: Db,
  userId: string,
  range: { start: string; end: string },
  options: ReadOptions = {},
): Promise<FilterOptions> {
  const r = parseOrThrow(rangeSchema, range, "range");
  const spec = { userId, filters: r, range: r, unpriced: true };
  const useRollup = options.path === "rollup" || (options.path !== "raw" && (await rollupIsCurrent(db, userId)));
  const [core, member]: Source[] = useRollup
    ? [
        { kind: "rollup", cube: "core" },
        { kind: "rollup", cube: "member" },
      ]
    : [{ kind: "raw" }, { kind: "raw" }];
  const groups = async (
    source: Source,
    keep: ("model" | "service_tier" | "project_id" | "api_key_id" | "provider_user_id")[],
  ) =>
    rowsOf<Record<string, string | null>>(
      await db.execute(sql`select ${sql.raw(keep.join(", "))} from (${facts(source, { ...spec, keep })}) f
        group by ${sql.raw(keep.join(", "))}`),
    );
  // Independent reads: on a server they run side by side on the pool's connections.
  const [modelRows, memberRows, [extent], keyNames] = await Promise.all([
    groups(core, ["model", "service_tier"]),
    groups(member, ["project_id", "api_key_id", "provider_user_id"]),
    db
      .execute(
        sql`select to_char(min(window_start) at time zone 'UTC', 'YYYY-MM-DD') as first,
              to_char(max(window_start) at time zone 'UTC', 'YYYY-MM-DD') as last
            from usage_events where user_id = ${userId}::uuid`,
      )
      .then((r) => rowsOf<{ first: string | null; last: string | null }>(r)),
    keyLabels(db, userId),
  ]);
  const [projects, apiKeys, people] = await Promise.all([
    labelled(db, userId, "project", distinctValues(memberRows, "project_id")),
    labelled(db, userId, "apiKey", distinctValues(memberRows, "api_key_id")),
    labelled(db, userId, "user", distinctValues(memberRows, "provider_user_id")),
  ]);
  const keys = [...keyNames].map(([id, label]) => ({ id, label }));
  return {
    keys: keys.sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id)),
    models: distinctValues(modelRows, "model"),
    projects,
    apiKeys,
    users: people,
    serviceTiers: distinctValues(modelRows, "service_tier"),
    dataRange: extent?.first && extent.last ? { start: extent.first, end: extent.last } : null,
  };
}
