/**
 * Writes provider-reported cost with one statement per page, like usage (./persist.ts): columns
 * travel as arrays through `unnest`, rows of one page with the same grouping are summed in SQL
 * (exact numeric), and the upsert on cost_events_dedupe_idx touches only amounts that changed.
 */
import { sql, type SQL } from "drizzle-orm";
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

/** The input columns in unnest order: [name, array type, value]. */
const INPUT_COLUMNS: [string, string, (r: NormalizedCostRecord) => string | null][] = [
  ["provider", "text", (r) => r.provider],
  ["source", "text", (r) => r.source],
  ["day", "date", (r) => r.day],
  ["amount_usd", "numeric", (r) => r.amountUsd],
  ["currency", "text", (r) => r.currency],
  ["project_id", "text", (r) => r.projectId],
  ["line_item", "text", (r) => r.lineItem],
  ["api_key_id", "text", (r) => r.apiKeyId],
  ["model", "text", (r) => r.model],
  ["cost_type", "text", (r) => r.costType ?? null],
  ["token_type", "text", (r) => r.tokenType ?? null],
  ["service_tier", "text", (r) => r.serviceTier ?? null],
  ["context_window", "text", (r) => r.contextWindow ?? null],
  ["inference_geo", "text", (r) => r.inferenceGeo ?? null],
];

/** The records as a `select` of INPUT_COLUMNS; a column null in every record is a constant, not an array. */
function inputRows(records: readonly NormalizedCostRecord[]): SQL {
  const arrays: SQL[] = [];
  const names: string[] = [];
  const select = INPUT_COLUMNS.map(([name, type, pick]) => {
    const values = records.map(pick);
    if (values.every((v) => v === null)) return sql.raw(`null::${type} as ${name}`);
    arrays.push(sql`${sql.param(values)}::${sql.raw(type)}[]`);
    names.push(name);
    return sql.raw(`t.${name}`);
  });
  return sql`select ${sql.join(select, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as t(${sql.raw(names.join(", "))})`;
}

export async function upsertCostBuckets(
  db: Db,
  target: Pick<PersistTarget, "orgId" | "accountId">,
  records: NormalizedCostRecord[],
  opts: {
    /** The caller has checked that no two records share a dedupe key: the summing step is skipped. */
    distinctKeys?: boolean;
    /** The caller holds the account's cost lock and found no row on these records' days: plain insert. */
    daysEmpty?: boolean;
  } = {},
): Promise<CostPersistResult> {
  if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const onConflict = opts.daysEmpty
    ? sql``
    : sql`on conflict on constraint cost_events_dedupe_idx
      do update set amount_usd = excluded.amount_usd, source = excluded.source, updated_at = now()
      where (cost_events.amount_usd, cost_events.source) is distinct from (excluded.amount_usd, excluded.source)`;
  const result = await db.execute(sql`
    with input as (${inputRows(records)}), grouped as (${
      opts.distinctKeys
        ? sql`select provider, source, ${sql.raw(DIMS)}, amount_usd from input`
        : // ON CONFLICT cannot touch one row twice in a statement; two halves of one bucket are both real cost.
          sql`select min(provider) as provider, min(source) as source, ${sql.raw(DIMS)}, sum(amount_usd) as amount_usd
            from input group by ${sql.raw(DIMS)}`
    }), upserted as (
      insert into cost_events (org_id, account_id, provider, source, amount_usd, ${sql.raw(DIMS)})
      select ${target.orgId}::uuid, ${target.accountId}::uuid, provider, source, amount_usd, ${sql.raw(DIMS)}
      from grouped
      ${onConflict}
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
/** The dedupe key of a cost line (cost_events_dedupe_idx without the account), as text. */
export const costRecordKey = (r: NormalizedCostRecord) =>
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
  const seenKeys = new Map<string, Set<string>>();
  for (const r of seen) {
    if (r.source !== source || !pruned.has(r.day)) continue;
    const keys = seenKeys.get(r.day) ?? new Set<string>();
    keys.add(costRecordKey(r));
    seenKeys.set(r.day, keys);
  }
  // Every seen line was upserted before this runs, so the stored rows include them all: a day with
  // as many stored rows as distinct seen lines has nothing stale, and is not read back.
  const counts = rowsOf<{ day: string; n: number }>(
    await db.execute(sql`
      select to_char(day, 'YYYY-MM-DD') as day, count(*)::int as n
      from cost_events
      where account_id = ${target.accountId}::uuid and source = ${source} and day = any(${sql.param([...days])}::date[])
      group by day`),
  );
  const suspect = counts.filter((c) => Number(c.n) !== (seenKeys.get(c.day)?.size ?? 0)).map((c) => c.day);
  if (suspect.length === 0) return 0;
  const stored = rowsOf<{ id: number | string; k: CostKeyParts }>(
    await db.execute(sql`
      select id, jsonb_build_array(to_char(day, 'YYYY-MM-DD'), currency, project_id, line_item, api_key_id, model,
        cost_type, token_type, service_tier, context_window, inference_geo) as k
      from cost_events
      where account_id = ${target.accountId}::uuid and source = ${source} and day = any(${sql.param(suspect)}::date[])`),
  );
  const stale = stored.filter((row) => !seenKeys.get(String(row.k[0]))?.has(keyOf(row.k))).map((row) => String(row.id));
  if (stale.length === 0) return 0;
  const result = await db.execute(sql`
    with removed as (delete from cost_events where id = any(${sql.param(stale)}::bigint[]) returning 1)
    select count(*)::int as removed from removed`);
  const [row] = rowsOf<{ removed: number }>(result);
  return Number(row?.removed ?? 0);
}
