/**
 * The price table in SQL, for queries that cost usage inside the database. Amounts stay numeric
 * (exact decimals), so summing costs in any order or grouping gives the same digits: the rollup
 * and the raw table report identical costs.
 */
import { sql, type SQL } from "drizzle-orm";
import { BATCH_FACTOR, MODEL_PRICES } from "./prices";

/** Rows (prefix, input, cached, output) in USD per token. */
function priceRows(): SQL {
  const col = (pick: (p: (typeof MODEL_PRICES)[number]) => string | null) => sql.param(MODEL_PRICES.map(pick));
  return sql`select prefix, input * 0.000001 as input, coalesce(cached, input) * 0.000001 as cached, output * 0.000001 as output
    from unnest(${col((p) => p.prefix)}::text[], ${col((p) => p.input)}::numeric[],
      ${col((p) => p.cachedInput)}::numeric[], ${col((p) => p.output)}::numeric[]) as t(prefix, input, cached, output)`;
}

/**
 * `(model, input, cached, output)` for every distinct model of `models` (a query returning one
 * `model` column): the longest prefix that is the model or precedes a dash in it; null prices
 * for unknown models.
 */
export function modelPricesSql(models: SQL): SQL {
  return sql`select m.model, p.input, p.cached, p.output
    from (select distinct model from (${models}) d) m
    left join lateral (
      select pr.input, pr.cached, pr.output from (${priceRows()}) pr
      where m.model = pr.prefix or left(m.model, length(pr.prefix) + 1) = pr.prefix || '-'
      order by length(pr.prefix) desc limit 1
    ) p on true`;
}

/**
 * Cost of token sums given price columns `price.input/cached/output` (null when unknown) and a
 * boolean batch expression. Same formula as estimateCostUsd.
 */
export function costSql(tokens: { input: SQL; cached: SQL; output: SQL; batch: SQL }, price: string): SQL {
  const p = sql.raw(price);
  return sql`(((${tokens.input}) - (${tokens.cached})) * ${p}.input + (${tokens.cached}) * ${p}.cached
    + (${tokens.output}) * ${p}.output) * (case when ${tokens.batch} then ${BATCH_FACTOR}::numeric else 1 end)`;
}
