/**
 * Usage a provider bills outside its cost report. Anthropic's Priority Tier is a committed-spend
 * contract: its cost "never appears in the cost report" (the Admin API's cost report docs), so
 * comparing it with the report would flag every day it was used. Reconciliation leaves such usage
 * out of Computed; the spend views still count it (it is money spent).
 */
import { sql, type SQL } from "drizzle-orm";
import type { AnalyticsFilters } from "@/lib/analytics/contract";
import { rawWhere } from "@/lib/analytics/facts";

export const BILLED_OUTSIDE_COST_REPORT = [{ provider: "anthropic", serviceTier: "priority" }] as const;

/**
 * Minus the computed cost of that usage per day, provider and project, as reconciliation `parts`
 * rows (day, provider, project_id, billed, computed). Reads usage_events through its partial
 * (organization, provider) priority index, so it costs little whatever the window.
 */
export function outsideReportParts(orgId: string, filters: AnalyticsFilters): SQL {
  const parts = BILLED_OUTSIDE_COST_REPORT.map(
    (rule) => sql`
      select (u.window_start at time zone 'UTC')::date as day, a.provider, u.project_id,
        null::numeric as billed, -sum(u.cost_usd) as computed
      from (select window_start, account_id, project_id, cost_usd from usage_events
            where ${rawWhere({ orgId, filters, range: filters })} and provider = ${rule.provider}
              and service_tier = ${rule.serviceTier}) u
      join provider_accounts a on a.id = u.account_id and a.org_id = ${orgId}::uuid and a.provider = ${rule.provider}
      group by 1, 2, 3`,
  );
  return sql.join(parts, sql` union all `);
}
