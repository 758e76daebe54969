import { ProviderError, type NormalizedCostRecord, type ProviderUsageRecord } from "@/lib/providers/types";
import type { AnthropicClient } from "./client";
import { normalizeBuckets, normalizeCostResult, normalizeUsageResult } from "./normalize";
import { iterateReportPages, type ReportPage, type ReportWindow } from "./report-pages";
import { costReportPageSchema, usageReportPageSchema } from "./schemas";

export const USAGE_REPORT_PATH = "/v1/organizations/usage_report/messages";
export const COST_REPORT_PATH = "/v1/organizations/cost_report";

/** Every group the usage report splits by that a usage row keeps (inference_geo is null when not reported). */
export const USAGE_GROUP_BY = [
  "api_key_id",
  "workspace_id",
  "model",
  "service_tier",
  "context_window",
  "inference_geo",
] as const;
const USAGE_GROUPS_ALLOWED: readonly string[] = [...USAGE_GROUP_BY, "account_id", "service_account_id"];
export const COST_GROUP_BY = ["workspace_id", "description"] as const;

export interface UsageReportWindow extends ReportWindow {
  /** Defaults to USAGE_GROUP_BY. */
  groupBy?: readonly string[];
}

/** `GET /v1/organizations/usage_report/messages`, daily buckets, one yield per response page. */
export function iterateUsageReportPages(
  client: AnthropicClient,
  window: UsageReportWindow,
): AsyncGenerator<ReportPage<ProviderUsageRecord>> {
  const groupBy = window.groupBy ?? USAGE_GROUP_BY;
  const bad = groupBy.filter((g) => !USAGE_GROUPS_ALLOWED.includes(g));
  if (bad.length)
    throw new ProviderError("BAD_REQUEST", `The Anthropic usage report cannot be grouped by ${bad.join(", ")}.`);
  return iterateReportPages(
    client,
    {
      path: USAGE_REPORT_PATH,
      what: "usage report",
      schema: usageReportPageSchema,
      query: { "group_by[]": groupBy },
      toRecords: (page) => normalizeBuckets(page.data, normalizeUsageResult),
    },
    window,
  );
}

/** `GET /v1/organizations/cost_report` by workspace and description; amounts become exact USD strings. */
export function iterateCostReportPages(
  client: AnthropicClient,
  window: ReportWindow,
): AsyncGenerator<ReportPage<NormalizedCostRecord>> {
  return iterateReportPages(
    client,
    {
      path: COST_REPORT_PATH,
      what: "cost report",
      schema: costReportPageSchema,
      query: { "group_by[]": COST_GROUP_BY },
      toRecords: (page) => normalizeBuckets(page.data, normalizeCostResult),
    },
    window,
  );
}
