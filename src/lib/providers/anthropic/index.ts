export { anthropicAdapter } from "./adapter";
export { createAnthropicClient, buildUrl, ANTHROPIC_VERSION } from "./client";
export type { AnthropicClient, AnthropicClientOptions, Query, QueryValue } from "./client";
export {
  iterateUsageReportPages,
  iterateCostReportPages,
  USAGE_GROUP_BY,
  COST_GROUP_BY,
  USAGE_REPORT_PATH,
  COST_REPORT_PATH,
} from "./reports";
export type { UsageReportWindow } from "./reports";
export type { ReportPage, ReportWindow } from "./report-pages";
export { normalizeUsageResult, normalizeCostResult } from "./normalize";
export { fetchAnthropicCatalog, DEFAULT_WORKSPACE_LABEL } from "./admin-lists";
export { testAnthropicKey, looksLikeAdminKey, ADMIN_KEY_PREFIX } from "./test-key";
export * from "./schemas";
