/**
 * Writes provider-reported cost with one statement per page, like usage (./persist.ts): columns
 * travel as arrays through `unnest`, rows of one page with the same grouping are summed in SQL
 * (exact numeric), and the upsert on cost_events_dedupe_idx touches only amounts that changed.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { NormalizedCostRecord } from "@/lib/providers/types";
import type { PersistTarget } from "./persist";

export interface CostPersistResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

const DIMS = `day, currency, project_id, line_item, api_key_id, model, cost_type, token_type, service_tier,
  context_window, inference_geo`;

export async function upsertCostBuckets(
  db: Db,
  target: Pick<PersistTarget, "orgId" | "accountId">,
  records: NormalizedCostRecord[],
): Promise<CostPersistResult> {
  if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const col = <T>(pick: (r: NormalizedCostRecord) => T) => sql.param(records.map(pick));
  const result = await db.execute(sql`
    with input as (
      select * from unnest(
        ${col((r) => r.provider)}::text[],
        ${col((r) => r.source)}::text[],
        ${col((r) => r.day)}::date[],
        ${col((r) => r.amountUsd)}::numeric[],
        ${col((r) => r.currency)}::text[],
        ${col((r) => r.projectId)}::text[],
        ${col((r) => r.lineItem)}::text[],
        ${col((r) => r.apiKeyId)}::text[],
        ${col((r) => r.model)}::text[],
        ${col((r) => r.costType ?? null)}::text[],
        ${col((r) => r.tokenType ?? null)}::text[],
        ${col((r) => r.serviceTier ?? null)}::text[],
        ${col((r) => r.contextWindow ?? null)}::text[],
        ${col((r) => r.inferenceGeo ?? null)}::text[]
      ) as t(provider, source, day, amount_usd, currency, project_id, line_item, api_key_id, model, cost_type,
             token_type, service_tier, context_window, inference_geo)
    ), grouped as (
      -- ON CONFLICT cannot touch one row twice in a statement; two halves of one bucket are both real cost.
      select min(provider) as provider, min(source) as source, ${sql.raw(DIMS)}, sum(amount_usd) as amount_usd
      from input group by ${sql.raw(DIMS)}
    ), upserted as (
      insert into cost_events (org_id, account_id, provider, source, amount_usd, ${sql.raw(DIMS)})
      select ${target.orgId}::uuid, ${target.accountId}::uuid, provider, source, amount_usd, ${sql.raw(DIMS)}
      from grouped
      on conflict on constraint cost_events_dedupe_idx
      do update set amount_usd = excluded.amount_usd, source = excluded.source, updated_at = now()
      where (cost_events.amount_usd, cost_events.source) is distinct from (excluded.amount_usd, excluded.source)
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated,
      (select count(*)::int from grouped) as total
    from upserted`);
  const [row] = rowsOf<{ inserted: number; updated: number; total: number }>(result);
  const inserted = Number(row?.inserted ?? 0);
  const updated = Number(row?.updated ?? 0);
  return { inserted, updated, unchanged: Number(row?.total ?? 0) - inserted - updated };
}

type CostKeyParts = readonly (string | null)[];
const keyOf = (parts: CostKeyParts) => JSON.stringify(parts);
const recordKey = (r: NormalizedCostRecord) =>
  keyOf([
    r.day,
    r.currency,
    r.projectId ?? null,
    r.lineItem ?? null,
    r.apiKeyId ?? null,
    r.model ?? null,
    r.costType ?? null,
    r.tokenType ?? null,
    r.serviceTier ?? null,
    r.contextWindow ?? null,
    r.inferenceGeo ?? null,
  ]);

/**
 * Removes rows of `source` on `days` that the provider no longer reports: `seen` is every record the
 * window's pages carried. Without this, a day read once per API key and later per project only
 * (OpenAI refuses the key grouping for old windows) would count twice. Returns the rows removed.
 * The stored keys are compared here, not in SQL: a fresh table without statistics made the planner
 * anti-join the two sides row by row (minutes for a quarter of per-key cost rows).
 */
export async function pruneStaleCosts(
  db: Db,
  target: Pick<PersistTarget, "accountId">,
  source: string,
  days: readonly string[],
  seen: readonly NormalizedCostRecord[],
): Promise<number> {
  let removed = 0;
  // A week at a time, so the stored keys held at once stay bounded (a year of per-key cost rows is ~1M).
  for (let i = 0; i < days.length; i += 7) removed += await pruneDays(db, target, source, days.slice(i, i + 7), seen);
  return removed;
}

async function pruneDays(
  db: Db,
  target: Pick<PersistTarget, "accountId">,
  source: string,
  days: readonly string[],
  seen: readonly NormalizedCostRecord[],
): Promise<number> {
  const pruned = new Set(days);
  const seenKeys = new Set(seen.filter((r) => r.source === source && pruned.has(r.day)).map(recordKey));
  const stored = rowsOf<{ id: number | string; k: CostKeyParts }>(
    await db.execute(sql`
      select id, jsonb_build_array(to_char(day, 'YYYY-MM-DD'), currency, project_id, line_item, api_key_id, model,
        cost_type, token_type, service_tier, context_window, inference_geo) as k
      from cost_events
      where account_id = ${target.accountId}::uuid and source = ${source} and day = any(${sql.param([...days])}::date[])`),
  );
  const stale = stored.filter((row) => !seenKeys.has(keyOf(row.k))).map((row) => String(row.id));
  if (stale.length === 0) return 0;
  const result = await db.execute(sql`
    with removed as (delete from cost_events where id = any(${sql.param(stale)}::bigint[]) returning 1)
    select count(*)::int as removed from removed`);
  const [row] = rowsOf<{ removed: number }>(result);
  return Number(row?.removed ?? 0);
}
