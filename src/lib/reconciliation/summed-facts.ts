import { sql, type SQL } from "drizzle-orm";
import type { FactColumn } from "@/lib/rollup";

/**
 * Fact rows summed to the kept columns before anything joins them: a cube's day rows still carry
 * its other columns (a project cube row per model and batch), and summing ~200k rows a year by hash
 * here beats sorting them after the union, where the planner cannot estimate how many there are.
 */
export function summedFacts(usage: SQL, keep: readonly FactColumn[], options: { tokens?: boolean } = {}): SQL {
  const cols = sql.raw(keep.join(", "));
  // Reconciliation needs only the cost: each numeric sum costs about as much as the grouping.
  const tokens =
    options.tokens === false ? sql`` : sql`, sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens`;
  return sql`select ${cols}, sum(cost_usd) as cost_usd${tokens}
    from (${usage}) f0 group by ${cols}`;
}
