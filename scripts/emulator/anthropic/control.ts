// /__emulator/anthropic/*: ground-truth totals and the published price list (no auth; a test tool).

import { errors, type EmulatorResponse } from "../http-util";
import type { EmulatorDataset } from "../types";
import { publishedPrices } from "./prices";
import {
  ANTHROPIC_COST_DIMENSIONS,
  ANTHROPIC_USAGE_DIMENSIONS,
  computeAnthropicTotals,
  type AnthropicCostDimension,
  type AnthropicUsageDimension,
} from "./totals";

const list = (text: string | null) => (text ?? "").split(",").filter(Boolean);

/** Returns null when `path` is not an Anthropic control path. */
export function handleAnthropicControl(
  method: string,
  path: string,
  query: URLSearchParams,
  dataset: EmulatorDataset,
): EmulatorResponse | null {
  if (method !== "GET" || !path.startsWith("/anthropic/")) return null;
  if (path === "/anthropic/prices") return { status: 200, body: publishedPrices() };
  if (path !== "/anthropic/totals") return null;
  if (!dataset.anthropic) return errors.notFound(method, "/__emulator/anthropic/totals (no Anthropic data)");
  const by = list(query.get("by"));
  const costBy = list(query.get("cost_by"));
  const badBy = by.find((d) => !(ANTHROPIC_USAGE_DIMENSIONS as readonly string[]).includes(d));
  if (badBy)
    return errors.invalidParam("by", `Unknown dimension '${badBy}'. Use ${ANTHROPIC_USAGE_DIMENSIONS.join(",")}.`);
  const badCost = costBy.find((d) => !(ANTHROPIC_COST_DIMENSIONS as readonly string[]).includes(d));
  if (badCost) {
    return errors.invalidParam(
      "cost_by",
      `Unknown dimension '${badCost}'. Use ${ANTHROPIC_COST_DIMENSIONS.join(",")}.`,
    );
  }
  try {
    return {
      status: 200,
      body: computeAnthropicTotals(dataset.anthropic, {
        start: query.get("start") ?? dataset.firstDay,
        end: query.get("end") ?? dataset.lastDay,
        by: by as AnthropicUsageDimension[],
        costBy: costBy as AnthropicCostDimension[],
        orgId: query.get("org_id") ?? undefined,
      }),
    };
  } catch (error) {
    return errors.invalidParam("start", (error as Error).message);
  }
}
