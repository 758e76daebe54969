// GET /v1/organizations/usage_report/messages and /v1/organizations/cost_report: query validation,
// daily buckets snapped to UTC midnight, group_by, and `page`/`next_page` paging that splits on
// `limit` buckets and on a cap of results per page (a big day continues on the next page).

import { decodeCursor, encodeCursor, queryFingerprint, type CursorPosition } from "../cursor";
import { getList, type EmulatorResponse } from "../http-util";
import { DAY_SECONDS } from "../types";
import { anthropicErrors } from "./http";
import { centsText, costLines, type CostLine } from "./prices";
import type { AnthropicDataset, AnthropicUsageRow } from "./types";

export interface ReportContext {
  dataset: AnthropicDataset;
  orgId: string;
  maxResultsPerPage: number;
  nowSeconds: number;
}

export const USAGE_GROUPS = [
  "api_key_id",
  "workspace_id",
  "model",
  "service_tier",
  "context_window",
  "inference_geo",
  "account_id",
  "service_account_id",
] as const;
export const COST_GROUPS = ["workspace_id", "description"] as const;

const USAGE_FILTERS = {
  api_key_ids: "api_key_id",
  workspace_ids: "workspace_id",
  models: "model",
  service_tiers: "service_tier",
  context_window: "context_window",
  inference_geos: "inference_geo",
} as const;

interface CommonQuery {
  startBucket: number;
  endExclusive: number;
  endParam: number | null;
  limit: number;
  page: string | null;
  groupBy: string[];
}

const iso = (unix: number) => new Date(unix * 1000).toISOString().replace(".000Z", "Z");

function parseTime(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function parseCommon(
  query: URLSearchParams,
  allowedGroups: readonly string[],
  nowSeconds: number,
): CommonQuery | EmulatorResponse {
  const startText = query.get("starting_at");
  if (!startText) return anthropicErrors.invalidParam("starting_at: field required");
  const start = parseTime(startText);
  if (start === null) return anthropicErrors.invalidParam(`starting_at: '${startText}' is not an RFC 3339 datetime`);
  const endText = query.get("ending_at");
  const end = endText === null ? null : parseTime(endText);
  if (endText !== null && (end === null || end <= start)) {
    return anthropicErrors.invalidParam("ending_at: must be an RFC 3339 datetime after starting_at");
  }
  const width = query.get("bucket_width") ?? "1d";
  if (width !== "1d") {
    const why =
      width === "1h" || width === "1m" ? "is not supported by the emulator (only '1d')" : "must be 1m, 1h or 1d";
    return anthropicErrors.invalidParam(`bucket_width: '${width}' ${why}`);
  }
  const limitText = query.get("limit");
  const limit = limitText === null ? 7 : Number(limitText);
  if (limitText !== null && (!/^\d+$/.test(limitText) || limit < 1 || limit > 31)) {
    return anthropicErrors.invalidParam("limit: must be an integer between 1 and 31 for bucket_width '1d'");
  }
  const groupBy = getList(query, "group_by");
  const bad = groupBy.find((g) => !allowedGroups.includes(g));
  if (bad !== undefined) {
    return anthropicErrors.invalidParam(`group_by: '${bad}' is not one of ${allowedGroups.join(", ")}`);
  }
  return {
    startBucket: Math.floor(start / DAY_SECONDS) * DAY_SECONDS,
    endExclusive: end ?? nowSeconds,
    endParam: end,
    limit,
    page: query.get("page"),
    groupBy: [...new Set(groupBy)],
  };
}

/** One page of daily buckets from `resultsOf(day)`, continuing where the cursor says. */
function pageOfBuckets(
  q: CommonQuery,
  fingerprint: number,
  ctx: ReportContext,
  resultsOf: (dayStart: number) => unknown[],
): EmulatorResponse {
  let position: CursorPosition = { bucketStart: q.startBucket, offset: 0 };
  if (q.page !== null) {
    const decoded = decodeCursor(q.page, fingerprint);
    if (
      !decoded.ok ||
      decoded.position.bucketStart % DAY_SECONDS !== 0 ||
      decoded.position.bucketStart >= q.endExclusive
    ) {
      return anthropicErrors.invalidParam(`page: cursor is ${decoded.ok ? "out of range" : decoded.reason}`);
    }
    position = decoded.position;
  }
  const data: Array<{ starting_at: string; ending_at: string; results: unknown[] }> = [];
  let inPage = 0;
  let { bucketStart, offset } = position;
  while (bucketStart < q.endExclusive && data.length < q.limit && inPage < ctx.maxResultsPerPage) {
    const results = resultsOf(bucketStart);
    if (offset > results.length) return anthropicErrors.invalidParam("page: cursor is out of range");
    const bucket = (rows: unknown[]) => ({
      starting_at: iso(bucketStart),
      ending_at: iso(bucketStart + DAY_SECONDS),
      results: rows,
    });
    const room = ctx.maxResultsPerPage - inPage;
    if (results.length - offset > room) {
      data.push(bucket(results.slice(offset, offset + room)));
      offset += room;
      inPage += room;
      break;
    }
    data.push(bucket(results.slice(offset)));
    inPage += results.length - offset;
    bucketStart += DAY_SECONDS;
    offset = 0;
  }
  const hasMore = bucketStart < q.endExclusive;
  return {
    status: 200,
    body: { data, has_more: hasMore, next_page: hasMore ? encodeCursor({ bucketStart, offset }, fingerprint) : null },
  };
}

/** Usage results of one day, grouped: fields outside group_by come back null and are summed over. */
export function aggregateUsageRows(
  rows: readonly AnthropicUsageRow[],
  groupBy: readonly string[],
  filters: Partial<Record<keyof AnthropicUsageRow, string[]>> = {},
) {
  const grouped = new Set(groupBy);
  const groups = new Map<string, ReturnType<typeof emptyUsageResult>>();
  outer: for (const row of rows) {
    for (const [field, allowed] of Object.entries(filters)) {
      if (allowed.length && !allowed.includes(String(row[field as keyof AnthropicUsageRow]))) continue outer;
    }
    const keyValues = USAGE_GROUPS.map((g) =>
      grouped.has(g) && g in row ? (row[g as keyof AnthropicUsageRow] as string | null) : null,
    );
    const key = JSON.stringify(keyValues);
    let result = groups.get(key);
    if (!result) groups.set(key, (result = emptyUsageResult(keyValues)));
    result.uncached_input_tokens += row.uncached_input_tokens;
    result.cache_read_input_tokens += row.cache_read_input_tokens;
    result.cache_creation.ephemeral_5m_input_tokens += row.cache_creation_5m_input_tokens;
    result.cache_creation.ephemeral_1h_input_tokens += row.cache_creation_1h_input_tokens;
    result.output_tokens += row.output_tokens;
    result.server_tool_use.web_search_requests += row.web_search_requests;
  }
  return [...groups.values()];
}

function emptyUsageResult(keyValues: (string | null)[]) {
  const groups = Object.fromEntries(USAGE_GROUPS.map((g, i) => [g, keyValues[i]])) as Record<
    (typeof USAGE_GROUPS)[number],
    string | null
  >;
  return {
    uncached_input_tokens: 0,
    cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
    cache_read_input_tokens: 0,
    output_tokens: 0,
    server_tool_use: { web_search_requests: 0 },
    ...groups,
  };
}

export function handleUsageReport(query: URLSearchParams, ctx: ReportContext): EmulatorResponse {
  const q = parseCommon(query, USAGE_GROUPS, ctx.nowSeconds);
  if ("status" in q) return q;
  const filters = Object.fromEntries(
    Object.entries(USAGE_FILTERS).map(([param, field]) => [field, getList(query, param)]),
  ) as Partial<Record<keyof AnthropicUsageRow, string[]>>;
  const fingerprint = queryFingerprint([
    "anthropic-usage",
    ctx.orgId,
    q.endParam,
    [...q.groupBy].sort(),
    Object.entries(filters).map(([f, v]) => [f, [...v!].sort()]),
  ]);
  return pageOfBuckets(q, fingerprint, ctx, (day) =>
    aggregateUsageRows(ctx.dataset.dayUsage(day, ctx.orgId), q.groupBy, filters),
  );
}

/** Cost results of one day: the price list applied to usage, summed per workspace/description group. */
export function aggregateCostLines(lines: readonly CostLine[], groupBy: readonly string[]) {
  const byWorkspace = groupBy.includes("workspace_id");
  const byDescription = groupBy.includes("description");
  const groups = new Map<string, { line: CostLine; units: bigint }>();
  for (const line of lines) {
    const key = JSON.stringify([byWorkspace ? line.workspace_id : null, byDescription ? line.description : null]);
    const group = groups.get(key);
    if (group) group.units += line.units;
    else groups.set(key, { line, units: line.units });
  }
  return [...groups.values()].map(({ line, units }) => ({
    currency: "USD",
    amount: centsText(units),
    workspace_id: byWorkspace ? line.workspace_id : null,
    description: byDescription ? line.description : null,
    cost_type: byDescription ? line.cost_type : null,
    context_window: byDescription ? line.context_window : null,
    model: byDescription ? line.model : null,
    service_tier: byDescription ? line.service_tier : null,
    token_type: byDescription ? line.token_type : null,
  }));
}

export function handleCostReport(query: URLSearchParams, ctx: ReportContext): EmulatorResponse {
  const q = parseCommon(query, COST_GROUPS, ctx.nowSeconds);
  if ("status" in q) return q;
  const fingerprint = queryFingerprint(["anthropic-cost", ctx.orgId, q.endParam, [...q.groupBy].sort()]);
  return pageOfBuckets(q, fingerprint, ctx, (day) =>
    aggregateCostLines(ctx.dataset.dayUsage(day, ctx.orgId).flatMap(costLines), q.groupBy),
  );
}
