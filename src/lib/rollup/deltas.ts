/**
 * Keeps the cubes equal to usage_events while a page is written, instead of re-aggregating the
 * window afterwards: the page's upsert statement carries CTEs that add each changed row's new
 * measures (+1 row) and take away its old ones (-1 row) at every grain of every cube. The old
 * values are read in the same statement: all its parts see the snapshot from before the upsert.
 * Unchanged rows come out of the upsert as nothing, so a re-run writes no cube row at all.
 *
 * Only applied while the account's cubes are current (usage_rollup_state holds ROLLUP_VERSION);
 * otherwise the page adds nothing and the full refresh after the account's pages (./refresh.ts)
 * rebuilds them. That includes an account's first ingestion: summing a whole history once at the
 * end is cheaper than growing the cubes page by page (a year of 1M rows: ~600 s with deltas). Writers of one account must hold rollupLockSql: two pages reading the same old values
 * would each take them away.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/types";
import { CUBE_MEASURES, CUBES, ROLLUP_VERSION } from "./cubes";

/** The lock the full refresh and the page writers of one account share. */
export function rollupLockSql(accountId: string): SQL {
  return sql`select pg_advisory_xact_lock(hashtext(${`usage_rollup:${accountId}`}))`;
}

/** Columns the delta CTEs read from the `upserted` CTE and from usage_events. */
export const DELTA_COLUMNS =
  "id, window_start, simulated, model, project_id, api_key_id, provider_user_id, service_tier, batch, " +
  "input_tokens, cached_input_tokens, output_tokens, requests, cost_usd";

const MEASURES = CUBE_MEASURES;
const SUMS = MEASURES.map((m) => `sum(${m}) as ${m}`).join(", ");
const DIMS = "simulated, model, project_id, api_key_id, provider_user_id, service_tier, batch";
const BLOCK_OF_DAY =
  "date_trunc('month', d.day::timestamp)::date + least((extract(day from d.day)::int - 1) / 7, 4) * 7";
const MONTH_OF_DAY = "date_trunc('month', d.day::timestamp)::date";

/** cost_usd stays null while no row summed into it is priced, as sum() would leave it. */
function addMeasure(table: string, m: string): string {
  if (m === "cost_usd") {
    return `cost_usd = case when ${table}.priced_rows + excluded.priced_rows = 0 then null
      else coalesce(${table}.cost_usd, 0) + coalesce(excluded.cost_usd, 0) end`;
  }
  return `${m} = ${table}.${m} + excluded.${m}`;
}

/**
 * CTEs (to follow `upserted`, an upsert into usage_events returning DELTA_COLUMNS and
 * `inserted` = xmax = 0) that apply its changes to every cube, plus the names of the CTEs whose
 * `emptied` count says how many cube rows were left with no usage row (see deleteEmptiedRows).
 */
export function cubeDeltaCtes(orgId: string, accountId: string): { ctes: SQL; emptied: SQL } {
  const changes = sql`rollup_changes as (
      select window_start, ${sql.raw(DIMS)}, input_tokens, cached_input_tokens, output_tokens,
        coalesce(requests, 0)::bigint as requests, cost_usd, 1 as row_count,
        (cost_usd is not null)::int as priced_rows
      from upserted
      union all
      select u.window_start, ${sql.raw(DIMS.replace(/(\w+)/g, "u.$1"))}, -u.input_tokens, -u.cached_input_tokens,
        -u.output_tokens, -coalesce(u.requests, 0)::bigint, -u.cost_usd, -1, -(u.cost_usd is not null)::int
      -- By primary key: a join here may hash the whole table for a page's few updated rows.
      from usage_events u
      where u.id = any(array(select id from upserted where not inserted))),

    rollup_days as materialized (
      select (window_start at time zone 'UTC')::date as day, ${sql.raw(DIMS)}, ${sql.raw(SUMS)}
      from rollup_changes
      where exists (select 1 from usage_rollup_state s
        where s.account_id = ${accountId}::uuid and s.pricing_version = ${ROLLUP_VERSION})
      group by 1, ${sql.raw(DIMS)})`;
  // Each cube's day deltas first, then its blocks and months from those few rows.
  const upserts = CUBES.map((c) => {
    const dims = ["simulated", ...c.columns].join(", ");
    const table = c.table;
    const grains = c.blocks
      ? `('day', d.day), ('block', ${BLOCK_OF_DAY}), ('month', ${MONTH_OF_DAY})`
      : `('day', d.day), ('month', ${MONTH_OF_DAY})`;
    return sql`${sql.raw(`rollup_${c.name}`)} as (
      insert into ${sql.identifier(table)} (org_id, account_id, grain, period, ${sql.raw(dims)}, ${sql.raw(MEASURES.join(", "))})
      select ${orgId}::uuid, ${accountId}::uuid, g.grain, g.period, ${sql.raw(dims)}, ${sql.raw(SUMS)}
      from (select day, ${sql.raw(dims)}, ${sql.raw(SUMS)} from rollup_days group by day, ${sql.raw(dims)}) d
      cross join lateral (values ${sql.raw(grains)}) as g(grain, period)
      group by g.grain, g.period, ${sql.raw(dims)}
      on conflict on constraint ${sql.identifier(`${table}_key`)} do update
      set ${sql.raw(MEASURES.map((m) => addMeasure(table, m)).join(", "))}
      returning row_count)`;
  });
  const emptied = sql.raw(CUBES.map((c) => `(select count(*) from rollup_${c.name} where row_count = 0)`).join(" + "));
  return { ctes: sql`${changes}, ${sql.join(upserts, sql`, `)}`, emptied };
}

/** Cube rows a page emptied (every row summed into them moved to another key) are deleted. */
export async function deleteEmptiedRows(db: Db, accountId: string): Promise<void> {
  const [first, ...rest] = CUBES;
  const ctes = rest.map(
    (c, i) =>
      sql`${sql.raw(`e${i}`)} as (delete from ${sql.identifier(c.table)} where account_id = ${accountId}::uuid and row_count = 0)`,
  );
  await db.execute(
    sql`with ${sql.join(ctes, sql`, `)} delete from ${sql.identifier(first!.table)} where account_id = ${accountId}::uuid and row_count = 0`,
  );
}
