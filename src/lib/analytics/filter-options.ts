import { sql } from "drizzle-orm";
import { findProviderAdapter } from "@/lib/providers/registry";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { parseOrThrow } from "@/lib/validation";
import type { FilterOptions } from "./contract";
import type { FactColumn } from "@/lib/rollup";
import { facts } from "./facts";
import { analyticsFilterFields, checkRange } from "./filters";
import { catalogNamesByDimension, accountLabels, type CatalogDimension } from "./labels";
import { withReadTimeout } from "./read-timeout";
import { rollupIsCurrent, type ReadOptions, type Source } from "./source";

export const rangeSchema = z
  .strictObject({ start: analyticsFilterFields.start, end: analyticsFilterFields.end })
  .superRefine(checkRange);

type ValueRow = { part: string; a: string | null; b: string | null; c: string | null };

const distinct = (rows: ValueRow[], column: "a" | "b" | "c"): string[] =>
  [...new Set(rows.map((r) => r[column]).filter((v): v is string => v !== null))].sort();

/** What the filter pickers offer: the organization's accounts, and the values that occur in the range. */
export async function getFilterOptions(
  db: Db,
  orgId: string,
  range: { start: string; end: string },
  options: ReadOptions = {},
): Promise<FilterOptions> {
  const r = parseOrThrow(rangeSchema, range, "range");
  return withReadTimeout(db, options, async (db) => {
    const spec = { orgId, filters: r, range: r, unpriced: true };
    const useRollup = options.path === "rollup" || (options.path !== "raw" && (await rollupIsCurrent(db, orgId)));
    const [core, member]: Source[] = useRollup
      ? [
          { kind: "rollup", cube: "core" },
          { kind: "rollup", cube: "member" },
        ]
      : [{ kind: "raw" }, { kind: "raw" }];
    const distinctIn = (source: Source, keep: FactColumn[]) =>
      sql`select ${sql.raw(keep.join(", "))} from (${facts(source, { ...spec, keep })}) f group by ${sql.raw(keep.join(", "))}`;
    const values = rowsOf<ValueRow>(
      await db.execute(sql`
        select 'models' as part, model as a, service_tier as b, null::text as c
          from (${distinctIn(core, ["model", "service_tier"])}) m
        union all
        select 'members', project_id, api_key_id, provider_user_id
          from (${distinctIn(member, ["project_id", "api_key_id", "provider_user_id"])}) p`),
    );
    const modelRows = values.filter((v) => v.part === "models");
    const memberRows = values.filter((v) => v.part === "members");
    const ids = {
      project: distinct(memberRows, "a"),
      apiKey: distinct(memberRows, "b"),
      user: distinct(memberRows, "c"),
    };
    const names = await catalogNamesByDimension(db, orgId, ids);
    const [extent] = rowsOf<{ first: string | null; last: string | null }>(
      await db.execute(sql`
        select to_char(min(window_start) at time zone 'UTC', 'YYYY-MM-DD') as first,
               to_char(max(window_start) at time zone 'UTC', 'YYYY-MM-DD') as last
        from usage_events where org_id = ${orgId}::uuid`),
    );
    const accounts = [...(await accountLabels(db, orgId))].map(([id, label]) => ({ id, label }));
    const providers = rowsOf<{ provider: string }>(
      await db.execute(
        sql`select distinct provider from provider_accounts where org_id = ${orgId}::uuid order by provider`,
      ),
    ).map((r) => ({ id: r.provider, label: findProviderAdapter(r.provider)?.displayName ?? r.provider }));
    const labelled = (dimension: CatalogDimension) =>
      ids[dimension]
        .map((id) => ({ id, label: names[dimension].get(id) ?? id }))
        .sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
    return {
      accounts: accounts.sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id)),
      providers,
      models: distinct(modelRows, "a"),
      projects: labelled("project"),
      apiKeys: labelled("apiKey"),
      users: labelled("user"),
      serviceTiers: distinct(modelRows, "b"),
      dataRange: extent?.first && extent.last ? { start: extent.first, end: extent.last } : null,
    };
  });
}
