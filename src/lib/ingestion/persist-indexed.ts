/**
 * The usual write path: one statement per page upserts on usage_admin_bucket_idx, updating only
 * rows whose numbers changed, and carries the rollup deltas of exactly those rows
 * (src/lib/rollup/deltas.ts), under the account's rollup lock so no delta is lost to a concurrent
 * writer. A re-run of unchanged data changes no row, so it writes nothing else either.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { cubeDeltaCtes, DELTA_COLUMNS, deleteEmptiedRows, rollupLockSql, ROLLUP_VERSION } from "@/lib/rollup";
import { assignCounters, counters, insertFromInput, type PersistTarget, type PricedBatch } from "./persist-sql";

const CHANGED = sql`(usage_events.input_tokens, usage_events.output_tokens, usage_events.cached_input_tokens,
    usage_events.requests, usage_events.cache_write_5m_tokens, usage_events.cache_write_1h_tokens,
    usage_events.web_search_requests, usage_events.source, usage_events.simulated, usage_events.cost_usd, ${counters("usage_events")})
  is distinct from (excluded.input_tokens, excluded.output_tokens, excluded.cached_input_tokens,
    excluded.requests, excluded.cache_write_5m_tokens, excluded.cache_write_1h_tokens,
    excluded.web_search_requests, excluded.source, excluded.simulated, excluded.cost_usd, ${counters("excluded")})`;

export interface IndexedUpsert {
  inserted: number;
  updated: number;
  /** The account's cubes were current, so this page's deltas kept them equal to usage_events. */
  rollupMaintained: boolean;
}

const ON_CONFLICT = sql`on conflict (account_id, model, window_start, window_end, project_id, api_key_id,
    provider_user_id, service_tier, batch, context_window, inference_geo, endpoint, image_size, image_source,
    context_level, vector_store_id)
  do update set input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
    cached_input_tokens = excluded.cached_input_tokens, requests = excluded.requests,
    cache_write_5m_tokens = excluded.cache_write_5m_tokens, cache_write_1h_tokens = excluded.cache_write_1h_tokens,
    web_search_requests = excluded.web_search_requests, cost_usd = excluded.cost_usd, ${assignCounters("excluded")},
    source = excluded.source, simulated = excluded.simulated, updated_at = now()
  where ${CHANGED}`;

/**
 * The page's statement: the upsert, the cube deltas, and the counts. `allNew`: the caller holds the
 * account's rollup lock and found none of the page's buckets stored, so a plain insert does.
 */
export function indexedUpsertSql(target: PersistTarget, records: PricedBatch, opts: { allNew?: boolean } = {}): SQL {
  const { orgId, accountId } = target;
  const deltas = cubeDeltaCtes(orgId, accountId);
  return sql`
      with upserted as (
        ${insertFromInput(target, records)}
        ${opts.allNew ? sql`` : ON_CONFLICT}
        returning (xmax = 0) as inserted, ${sql.raw(DELTA_COLUMNS)}
      ),
      ${deltas.ctes}
      select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated,
        (${deltas.emptied})::int as emptied,
        exists (select 1 from usage_rollup_state
          where account_id = ${accountId}::uuid and pricing_version = ${ROLLUP_VERSION}) as maintained
      from upserted`;
}

export async function upsertWithIndex(
  db: Db,
  target: PersistTarget,
  records: PricedBatch,
  also: SQL[] = [],
): Promise<IndexedUpsert> {
  const { accountId } = target;
  return db.transaction(async (tx) => {
    await tx.execute(rollupLockSql(accountId));
    const allNew = !(await anyBucketStored(tx, accountId, records));
    const result = await tx.execute(indexedUpsertSql(target, records, { allNew }));
    const [row] = rowsOf<{ inserted: number; updated: number; emptied: number; maintained: boolean }>(result);
    if (Number(row?.emptied ?? 0) > 0) await deleteEmptiedRows(tx, accountId);
    for (const statement of also) await tx.execute(statement);
    return {
      inserted: Number(row?.inserted ?? 0),
      updated: Number(row?.updated ?? 0),
      rollupMaintained: Boolean(row?.maintained),
    };
  });
}

/**
 * Whether the account holds a row that one of these could conflict with: same model and window
 * start (the unique index's first columns, so this is a few index probes). Every inserting writer
 * holds the account's rollup lock, so the answer stands until the page is written.
 */
async function anyBucketStored(db: Db, accountId: string, { records }: PricedBatch): Promise<boolean> {
  let first = records[0]!.windowStart;
  let last = first;
  const models = new Set<string>();
  for (const r of records) {
    if (r.windowStart < first) first = r.windowStart;
    if (r.windowStart > last) last = r.windowStart;
    models.add(r.model);
  }
  const [row] = rowsOf<{ stored: boolean }>(
    await db.execute(sql`select exists (select 1 from usage_events where account_id = ${accountId}::uuid
      and model = any(${sql.param([...models])}::text[])
      and window_start between ${first.toISOString()}::timestamptz and ${last.toISOString()}::timestamptz) as stored`),
  );
  return Boolean(row?.stored);
}
