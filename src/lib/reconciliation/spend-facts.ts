/**
 * Spend per UTC day and group, Billed where the provider reports it and Estimated elsewhere: a day
 * and provider with any cost_events row takes its billed amounts (a group without billed rows
 * there was billed 0); every other day and provider takes the cost computed from usage. Tokens
 * always come from usage. One SELECT (usable as a subquery) of rows
 * (day, gp, gv, billed, estimated, tokens), summed in SQL.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/types";
import type { AnalyticsFilters } from "@/lib/analytics/contract";
import { facts } from "@/lib/analytics/facts";
import { chooseSource, type ReadPath } from "@/lib/analytics/source";
import type { FactColumn } from "@/lib/rollup";
import { billedDailySql } from "./cost-rollup";
import { billedWhere } from "./daily";
import { summedFacts } from "./summed-facts";

export const SPEND_STACKS = ["provider", "project", "model"] as const;
export type SpendStack = (typeof SPEND_STACKS)[number];

/** Filters a cost report cannot answer (it is itemised by provider, account and project only). */
const UNBILLABLE_FILTERS = ["model", "apiKeyId", "providerUserId", "serviceTier", "batch"] as const;

/** Why spend is all Estimated for this view, or null when billed cost can be used. */
export function unbilledReason(filters: AnalyticsFilters, stack: SpendStack): string | null {
  if (stack === "model") {
    return "By model, spend is estimated from usage: providers bill by line item, not by model.";
  }
  if (UNBILLABLE_FILTERS.some((f) => filters[f] !== undefined)) {
    return "With a model, API key, person, service tier or batch filter, spend is estimated from usage: cost reports are itemised by project only.";
  }
  return null;
}

/** gp = provider (null by model), gv = project id or model (null by provider). */
function groupExprs(stack: SpendStack, alias: string): { gp: SQL; gv: SQL } {
  if (stack === "model") return { gp: sql`null::text`, gv: sql.raw(`${alias}.model`) };
  return {
    gp: sql`a.provider::text`,
    gv: stack === "project" ? sql.raw(`${alias}.project_id`) : sql`null::text`,
  };
}

export async function spendFactsSql(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  stack: SpendStack,
  range: { start: string; end: string },
  path: ReadPath = "auto",
  /**
   * False when the caller only sums over the range: where no billed cost applies, the cube's month
   * and block rows then stand in for its day rows (`day` is then a period's first day).
   */
  daily = true,
): Promise<SQL> {
  const keep: FactColumn[] = ["period", "account_id"];
  if (stack === "project") keep.push("project_id");
  if (stack === "model") keep.push("model");
  const source = await chooseSource(db, orgId, filters, keep, path);
  const billable = unbilledReason(filters, stack) === null;
  // Billed cost replaces computed cost per day and provider: that needs the usage of each day.
  const usage = facts(source, { orgId, filters, range, keep, dailyOnly: daily || billable });
  const u = groupExprs(stack, "f");
  const c = groupExprs(stack, "c");
  const scope = { orgId, ...range, provider: filters.provider, accountId: filters.accountId };
  const billed = billable ? await billedDailySql(db, orgId, path === "raw" ? "raw" : "auto") : sql``;
  const account = sql`join provider_accounts a on a.id = c.account_id and a.org_id = ${orgId}::uuid`;
  const billedPart = billable
    ? sql`union all
      select c.day, a.provider, ${c.gp}, ${c.gv}, c.amount_usd, null, 0
      from ${billed} c ${account} where ${billedWhere({ ...scope, projectId: filters.projectId })}`
    : sql``;
  const reported = billable
    ? sql`select distinct c.day, a.provider from ${billed} c ${account} where ${billedWhere(scope)}`
    : sql`select null::date as day, null::text as provider where false`;
  return sql`
    with parts as (
      select f.period::date as day, a.provider, ${u.gp} as gp, ${u.gv} as gv, null::numeric as billed,
        f.cost_usd as computed, f.input_tokens + f.output_tokens as tokens
      from (${summedFacts(usage, keep)}) f join provider_accounts a on a.id = f.account_id and a.org_id = ${orgId}::uuid
      ${billedPart}
    ), reported as (${reported})
    select p.day, p.gp, p.gv,
      sum(case when r.day is not null then coalesce(p.billed, 0) end) as billed,
      sum(case when r.day is null then p.computed end) as estimated,
      coalesce(sum(p.tokens), 0) as tokens
    from parts p left join reported r on r.day = p.day and r.provider = p.provider
    group by p.day, p.gp, p.gv`;
}
