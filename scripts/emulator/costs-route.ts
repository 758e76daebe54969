// GET /v1/organization/costs: daily buckets grouped by project_id, line_item, api_key_id, with
// OpenAI's quirks: limit 1..180 (above: 400) yet at most 31 buckets per page, a cap of results per
// page (a day may continue on the next page), and group_by=api_key_id refused for windows that start
// before 2025-12-06.

import {
  COST_GROUP_FIELDS,
  costResultJson,
  servedCostsOfDay,
  type CostAdjustment,
  type CostGroupField,
} from "./costs-data";
import { decodeCursor, encodeCursor, queryFingerprint, type CursorPosition } from "./cursor";
import { errors, getList, openAiError, type EmulatorResponse } from "./http-util";
import { DAY_SECONDS, dayStartOf, type EmulatorDataset } from "./types";
import { parseTimeRange } from "./time-range";

export const MAX_COST_LIMIT = 180;
export const MAX_COST_BUCKETS_PER_PAGE = 31;
/** OpenAI cannot split cost by API key before this day. */
export const API_KEY_GROUPING_FROM = "2025-12-06";

export interface CostsRouteContext {
  dataset: EmulatorDataset;
  orgId: string;
  maxResultsPerPage: number;
  nowSeconds: number;
  adjustments: readonly CostAdjustment[];
}

interface CostsQuery {
  startTime: number;
  endTime: number | null;
  limit: number;
  page: string | null;
  groupBy: CostGroupField[];
  projectIds: string[];
  apiKeyIds: string[];
}

function parseCostsQuery(query: URLSearchParams): CostsQuery | EmulatorResponse {
  const range = parseTimeRange(query);
  if ("status" in range) return range;
  const width = query.get("bucket_width") ?? "1d";
  if (width !== "1d")
    return errors.invalidParam("bucket_width", `Invalid value for 'bucket_width': '${width}'. Only '1d' is supported.`);
  const limitText = query.get("limit");
  const limit = limitText === null ? 7 : Number(limitText);
  if (limitText !== null && (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_COST_LIMIT)) {
    return errors.invalidParam("limit", `Limit must be less than or equal to ${MAX_COST_LIMIT}.`);
  }
  const groupBy = [...new Set(getList(query, "group_by"))];
  const bad = groupBy.find((g) => !(COST_GROUP_FIELDS as readonly string[]).includes(g));
  if (bad !== undefined) {
    return errors.invalidParam(
      "group_by",
      `Invalid value for 'group_by': '${bad}'. Supported values are ${COST_GROUP_FIELDS.join(", ")}.`,
    );
  }
  return {
    ...range,
    limit,
    page: query.get("page"),
    groupBy: groupBy as CostGroupField[],
    projectIds: getList(query, "project_ids"),
    apiKeyIds: getList(query, "api_key_ids"),
  };
}

export function handleCosts(query: URLSearchParams, ctx: CostsRouteContext): EmulatorResponse {
  const q = parseCostsQuery(query);
  if ("status" in q) return q;
  if (q.groupBy.includes("api_key_id") && q.startTime < dayStartOf(API_KEY_GROUPING_FROM)) {
    return openAiError(
      400,
      `Grouping costs by api_key_id is only supported from ${API_KEY_GROUPING_FROM}; remove api_key_id from group_by or choose a later start_time.`,
      "invalid_request_error",
      "invalid_value",
      "group_by",
    );
  }
  const fingerprint = queryFingerprint([
    "costs",
    ctx.orgId,
    q.endTime,
    [...q.groupBy].sort(),
    [...q.projectIds].sort(),
    [...q.apiKeyIds].sort(),
  ]);
  const endExclusive = q.endTime ?? ctx.nowSeconds;
  let position: CursorPosition = { bucketStart: Math.floor(q.startTime / DAY_SECONDS) * DAY_SECONDS, offset: 0 };
  if (q.page !== null) {
    const decoded = decodeCursor(q.page, fingerprint);
    if (
      !decoded.ok ||
      decoded.position.bucketStart % DAY_SECONDS !== 0 ||
      decoded.position.bucketStart >= endExclusive
    ) {
      const reason = decoded.ok ? "out of range" : decoded.reason;
      return errors.invalidParam("page", `Invalid value for 'page': cursor is ${reason}.`);
    }
    position = decoded.position;
  }

  const bucketsPerPage = Math.min(q.limit, MAX_COST_BUCKETS_PER_PAGE);
  const data: { object: "bucket"; start_time: number; end_time: number; results: unknown[] }[] = [];
  let inPage = 0;
  let { bucketStart, offset } = position;
  while (bucketStart < endExclusive && data.length < bucketsPerPage && inPage < ctx.maxResultsPerPage) {
    const served = servedCostsOfDay(ctx.dataset, ctx.orgId, bucketStart, q.groupBy, q, ctx.adjustments);
    if (offset > served.length) return errors.invalidParam("page", "Invalid value for 'page': cursor is out of range.");
    const room = ctx.maxResultsPerPage - inPage;
    const take = served.slice(offset, offset + room);
    data.push({
      object: "bucket",
      start_time: bucketStart,
      end_time: bucketStart + DAY_SECONDS,
      results: take.map((c) => costResultJson(c, ctx.orgId)),
    });
    inPage += take.length;
    if (served.length - offset > room) {
      offset += room;
      break;
    }
    bucketStart += DAY_SECONDS;
    offset = 0;
  }
  const hasMore = bucketStart < endExclusive;
  return {
    status: 200,
    body: {
      object: "page",
      data,
      has_more: hasMore,
      next_page: hasMore ? encodeCursor({ bucketStart, offset }, fingerprint) : null,
    },
  };
}
