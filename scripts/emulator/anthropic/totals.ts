// Ground truth for the Anthropic side: token sums and billed cost straight from the finest-grain
// rows and the price list, independent of the HTTP layer and its paging.

import { DAY_SECONDS, dateOf, dayStartOf } from "../types";
import { centsText, costLines, dollarsText } from "./prices";
import type { AnthropicDataset, AnthropicUsageRow } from "./types";

export const ANTHROPIC_USAGE_DIMENSIONS = [
  "day",
  "model",
  "workspace",
  "api_key",
  "service_tier",
  "context_window",
  "inference_geo",
] as const;
export const ANTHROPIC_COST_DIMENSIONS = [
  "day",
  "workspace",
  "description",
  "model",
  "service_tier",
  "context_window",
  "token_type",
  "cost_type",
] as const;
export type AnthropicUsageDimension = (typeof ANTHROPIC_USAGE_DIMENSIONS)[number];
export type AnthropicCostDimension = (typeof ANTHROPIC_COST_DIMENSIONS)[number];

export interface AnthropicUsageSums {
  uncached_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_5m_input_tokens: number;
  cache_creation_1h_input_tokens: number;
  /** uncached + cache reads + both cache writes: what CogniTrack stores as input_tokens */
  input_tokens: number;
  output_tokens: number;
  web_search_requests: number;
  /** finest-grain rows summed */
  results: number;
}

export interface AnthropicCostSums {
  /** decimal strings, exact */
  amount_cents: string;
  amount_usd: string;
  /** finest-grain cost lines summed */
  results: number;
}

type UsageValues = Partial<Record<AnthropicUsageDimension, string | null>>;
type CostValues = Partial<Record<AnthropicCostDimension, string | null>>;

export interface AnthropicTotals {
  /** inclusive UTC days */
  start: string;
  end: string;
  by: AnthropicUsageDimension[];
  cost_by: AnthropicCostDimension[];
  usage: { totals: AnthropicUsageSums; groups: Array<UsageValues & AnthropicUsageSums> };
  /** Priority-tier usage has no cost line, as in Anthropic's cost report. */
  cost: { totals: AnthropicCostSums; groups: Array<CostValues & AnthropicCostSums> };
}

export interface AnthropicTotalsQuery {
  start: string;
  /** INCLUSIVE */
  end: string;
  by?: AnthropicUsageDimension[];
  costBy?: AnthropicCostDimension[];
  orgId?: string;
}

const emptyUsage = (): AnthropicUsageSums => ({
  uncached_input_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_5m_input_tokens: 0,
  cache_creation_1h_input_tokens: 0,
  input_tokens: 0,
  output_tokens: 0,
  web_search_requests: 0,
  results: 0,
});

function addUsage(into: AnthropicUsageSums, r: AnthropicUsageRow): void {
  into.uncached_input_tokens += r.uncached_input_tokens;
  into.cache_read_input_tokens += r.cache_read_input_tokens;
  into.cache_creation_5m_input_tokens += r.cache_creation_5m_input_tokens;
  into.cache_creation_1h_input_tokens += r.cache_creation_1h_input_tokens;
  into.input_tokens +=
    r.uncached_input_tokens +
    r.cache_read_input_tokens +
    r.cache_creation_5m_input_tokens +
    r.cache_creation_1h_input_tokens;
  into.output_tokens += r.output_tokens;
  into.web_search_requests += r.web_search_requests;
  into.results += 1;
}

const usageValue = (dim: AnthropicUsageDimension, day: string, r: AnthropicUsageRow): string | null =>
  dim === "day" ? day : dim === "workspace" ? r.workspace_id : dim === "api_key" ? r.api_key_id : r[dim];

const sortedGroups = <T>(groups: Map<string, T>): T[] =>
  [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);

export function computeAnthropicTotals(dataset: AnthropicDataset, query: AnthropicTotalsQuery): AnthropicTotals {
  const by = query.by ?? [];
  const costBy = query.costBy ?? [];
  const first = dayStartOf(query.start);
  const last = dayStartOf(query.end);
  if (last < first) throw new Error("end must not be before start");
  const usage = emptyUsage();
  const usageGroups = new Map<string, UsageValues & AnthropicUsageSums>();
  let costUnits = 0n;
  let costResults = 0;
  const costGroups = new Map<string, { values: CostValues; units: bigint; results: number }>();

  for (let dayStart = first; dayStart <= last; dayStart += DAY_SECONDS) {
    const day = dateOf(dayStart);
    for (const row of dataset.dayUsage(dayStart, query.orgId)) {
      addUsage(usage, row);
      if (by.length) {
        const values: UsageValues = Object.fromEntries(by.map((d) => [d, usageValue(d, day, row)]));
        const key = JSON.stringify(values);
        let group = usageGroups.get(key);
        if (!group) usageGroups.set(key, (group = { ...values, ...emptyUsage() }));
        addUsage(group, row);
      }
      for (const line of costLines(row)) {
        costUnits += line.units;
        costResults += 1;
        if (!costBy.length) continue;
        const values: CostValues = Object.fromEntries(
          costBy.map((d) => [d, d === "day" ? day : d === "workspace" ? line.workspace_id : line[d]]),
        );
        const key = JSON.stringify(values);
        let group = costGroups.get(key);
        if (!group) costGroups.set(key, (group = { values, units: 0n, results: 0 }));
        group.units += line.units;
        group.results += 1;
      }
    }
  }
  const costSums = (units: bigint, results: number): AnthropicCostSums => ({
    amount_cents: centsText(units),
    amount_usd: dollarsText(units),
    results,
  });
  return {
    start: query.start,
    end: query.end,
    by,
    cost_by: costBy,
    usage: { totals: usage, groups: sortedGroups(usageGroups) },
    cost: {
      totals: costSums(costUnits, costResults),
      groups: sortedGroups(costGroups).map((g) => ({ ...g.values, ...costSums(g.units, g.results) })),
    },
  };
}
