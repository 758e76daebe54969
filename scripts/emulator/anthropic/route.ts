// The Anthropic Admin API on the emulator: everything under /v1/organizations, x-api-key auth.

import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorResponse } from "../http-util";
import { anthropicErrors, authenticateAnthropic } from "./http";
import { handleAnthropicList } from "./lists-route";
import { handleCostReport, handleUsageReport } from "./report-route";
import type { AnthropicCredential, AnthropicDataset } from "./types";

export const ANTHROPIC_PATH_PREFIX = "/v1/organizations/";

export interface AnthropicRouteContext {
  dataset: AnthropicDataset | undefined;
  credentials: ReadonlyMap<string, AnthropicCredential>;
  maxResultsPerPage: number;
  /** cap of items per admin list page */
  maxAdminPageSize?: number;
  nowSeconds: number;
}

/** `path` is the full request path, e.g. /v1/organizations/cost_report. */
export function routeAnthropic(
  method: string,
  path: string,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
  ctx: AnthropicRouteContext,
): EmulatorResponse {
  if (!ctx.dataset) return anthropicErrors.notFound(`${path} (this emulator dataset has no Anthropic organization)`);
  const credential = authenticateAnthropic(headers, ctx.credentials);
  if ("status" in credential) return credential;
  if (method !== "GET") return anthropicErrors.notFound(`${method} ${path}`);
  const report = {
    dataset: ctx.dataset,
    orgId: credential.orgId,
    maxResultsPerPage: ctx.maxResultsPerPage,
    nowSeconds: ctx.nowSeconds,
  };
  if (path === "/v1/organizations/usage_report/messages") return handleUsageReport(query, report);
  if (path === "/v1/organizations/cost_report") return handleCostReport(query, report);
  const org = ctx.dataset.organizations.find((o) => o.id === credential.orgId);
  return (org && handleAnthropicList(path, query, org, ctx.maxAdminPageSize)) ?? anthropicErrors.notFound(path);
}
