// GET /v1/organization/usage/{completions|embeddings|images|...}: query validation, day buckets,
// group_by, and pagination that splits a page both on `limit` buckets and on a cap of results per page.

import {
  aggregateUsage,
  extraFiltersFor,
  groupFieldsFor,
  type UsageFilters,
  type UsageKind,
  type UsageResult,
} from "./aggregate";
import { decodeCursor, encodeCursor, queryFingerprint, type CursorPosition } from "./cursor";
import { errors, getList, type EmulatorResponse } from "./http-util";
import { DAY_SECONDS, type EmulatorDataset } from "./types";
import { parseTimeRange } from "./time-range";

export interface UsageRouteContext {
  dataset: EmulatorDataset;
  orgId: string;
  maxResultsPerPage: number;
  nowSeconds: number;
  /** fixture mode: which completions fixture set to serve (header x-emulator-fixture) */
  fixtureName?: string;
}

interface UsageQuery {
  startTime: number;
  endTime: number | null;
  limit: number;
  page: string | null;
  groupBy: string[];
  filters: UsageFilters;
}

function parseUsageQuery(kind: UsageKind, query: URLSearchParams): UsageQuery | EmulatorResponse {
  const range = parseTimeRange(query);
  if ("status" in range) return range;
  const width = query.get("bucket_width") ?? "1d";
  if (width !== "1d") {
    const why =
      width === "1h" || width === "1m"
        ? "is not supported by the emulator (only '1d')"
        : "must be one of '1m', '1h', '1d'";
    return errors.invalidParam("bucket_width", `Invalid value for 'bucket_width': '${width}' ${why}.`);
  }
  const limitText = query.get("limit");
  const limit = limitText === null ? 7 : Number(limitText);
  if (limitText !== null && (!/^\d+$/.test(limitText) || limit < 1 || limit > 31)) {
    return errors.invalidParam(
      "limit",
      "Invalid value for 'limit': must be an integer between 1 and 31 for bucket_width '1d'.",
    );
  }
  const allowed = groupFieldsFor(kind);
  const groupBy = getList(query, "group_by");
  const badGroup = groupBy.find((field) => !allowed.includes(field));
  if (badGroup !== undefined) {
    return errors.invalidParam(
      "group_by",
      `Invalid value for 'group_by': '${badGroup}'. Supported values are ${allowed.join(", ")}.`,
    );
  }
  let batch: boolean | undefined;
  const batchText = query.get("batch");
  if (kind === "completions" && batchText !== null) {
    if (batchText !== "true" && batchText !== "false")
      return errors.invalidParam("batch", "Invalid value for 'batch': expected true or false.");
    batch = batchText === "true";
  }
  const fields: Record<string, string[]> = {};
  for (const [param, field] of Object.entries(extraFiltersFor(kind))) {
    const values = getList(query, param);
    if (values.length > 0) fields[field] = values;
  }
  return {
    ...range,
    limit,
    page: query.get("page"),
    groupBy: [...new Set(groupBy)],
    filters: {
      projectIds: getList(query, "project_ids"),
      userIds: getList(query, "user_ids"),
      apiKeyIds: getList(query, "api_key_ids"),
      models: getList(query, "models"),
      batch,
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
    },
  };
}

const isBaseKind = (kind: UsageKind): kind is "completions" | "embeddings" =>
  kind === "completions" || kind === "embeddings";

/** One day's finest-grain rows of an endpoint; the other endpoints are empty unless generated. */
function rowsOf(kind: UsageKind, dataset: EmulatorDataset, dayStart: number, orgId: string): readonly object[] {
  if (isBaseKind(kind)) return dataset.dayUsage(dayStart, orgId)[kind];
  return dataset.extraUsage?.(dayStart, orgId)[kind] ?? [];
}

function bucket(start: number, results: UsageResult[]) {
  return { object: "bucket", start_time: start, end_time: start + DAY_SECONDS, results };
}

export function handleUsage(kind: UsageKind, query: URLSearchParams, ctx: UsageRouteContext): EmulatorResponse {
  const parsed = parseUsageQuery(kind, query);
  if ("status" in parsed) return parsed;
  if (ctx.dataset.fixtures && isBaseKind(kind)) return servedFixturePage(kind, parsed.page, ctx);

  const fingerprint = queryFingerprint([
    kind,
    ctx.orgId,
    parsed.endTime,
    [...parsed.groupBy].sort(),
    [...parsed.filters.projectIds].sort(),
    [...parsed.filters.userIds].sort(),
    [...parsed.filters.apiKeyIds].sort(),
    [...parsed.filters.models].sort(),
    parsed.filters.batch ?? null,
    // Appended only when present so completions and embeddings cursors stay exactly as before.
    ...(parsed.filters.fields ? [Object.entries(parsed.filters.fields).map(([f, v]) => [f, [...v].sort()])] : []),
  ]);
  const endExclusive = parsed.endTime ?? ctx.nowSeconds;
  let position: CursorPosition = { bucketStart: Math.floor(parsed.startTime / DAY_SECONDS) * DAY_SECONDS, offset: 0 };
  if (parsed.page !== null) {
    const decoded = decodeCursor(parsed.page, fingerprint);
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

  const data: ReturnType<typeof bucket>[] = [];
  let inPage = 0;
  let { bucketStart, offset } = position;
  while (bucketStart < endExclusive && data.length < parsed.limit && inPage < ctx.maxResultsPerPage) {
    const rows = rowsOf(kind, ctx.dataset, bucketStart, ctx.orgId);
    const results = aggregateUsage(kind, rows, parsed.filters, parsed.groupBy);
    if (offset > results.length)
      return errors.invalidParam("page", "Invalid value for 'page': cursor is out of range.");
    const room = ctx.maxResultsPerPage - inPage;
    if (results.length - offset > room) {
      data.push(bucket(bucketStart, results.slice(offset, offset + room)));
      offset += room;
      inPage += room;
      break;
    }
    data.push(bucket(bucketStart, results.slice(offset)));
    inPage += results.length - offset;
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

function servedFixturePage(
  kind: "completions" | "embeddings",
  page: string | null,
  ctx: UsageRouteContext,
): EmulatorResponse {
  const fixtures = ctx.dataset.fixtures!;
  const name = ctx.fixtureName ?? fixtures.defaultCompletions;
  const chain = kind === "embeddings" ? fixtures.embeddings : fixtures.completions.get(name);
  if (!chain) return errors.invalidParam("x-emulator-fixture", `Unknown fixture set '${name}'.`);
  if (page === null) return { status: 200, body: chain.first };
  const body = chain.byCursor.get(page);
  if (body === undefined) return errors.invalidParam("page", "Invalid value for 'page': cursor is malformed.");
  return { status: 200, body };
}
