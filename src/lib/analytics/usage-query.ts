/** GET /api/usage and GET /api/usage/export: their query strings and what each view returns. */
import { z } from "zod";
import type { Db } from "@/db/types";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { breakdownLimitSchema, DEFAULT_BREAKDOWN_LIMIT, getUsageBreakdown } from "./breakdown";
import { isProductDate, parseEpochDay } from "@/lib/dates";
import {
  analyticsFilterFields,
  breakdownDimensionSchema,
  checkRange,
  defaultRange,
  defaultStartFor,
  granularitySchema,
} from "./filters";
import { listUsageRows, pageFields } from "./rows";
import { getUsageTimeSeries } from "./time-series";
import { getUsageTotals } from "./totals";

export const USAGE_VIEWS = ["rows", "totals", "timeseries", "breakdown"] as const;

/**
 * Missing dates default like the dashboard's: neither = the last 30 days (UTC), start alone runs
 * to today, end alone starts 30 days earlier.
 */
function withDefaultRange(value: unknown) {
  if (!value || typeof value !== "object") return value;
  const v = value as Record<string, unknown>;
  if (v.start !== undefined && v.end !== undefined) return v;
  const fallback = defaultRange();
  if (v.start === undefined && v.end === undefined) return { ...v, ...fallback };
  // Defaults are only derived from a valid date; anything else is left for the schema to refuse.
  if (v.end === undefined) {
    const start = typeof v.start === "string" ? parseEpochDay(v.start) : null;
    return { ...v, end: start !== null && start > parseEpochDay(fallback.end)! ? v.start : fallback.end };
  }
  return { ...v, start: isProductDate(v.end) ? defaultStartFor(v.end as string) : v.end };
}

export const usageExportQuerySchema = z.preprocess(
  withDefaultRange,
  z.strictObject(analyticsFilterFields).superRefine(checkRange),
);

export const usageQuerySchema = z.preprocess(
  withDefaultRange,
  z
    .strictObject({
      ...analyticsFilterFields,
      view: z.enum(USAGE_VIEWS).default("rows"),
      granularity: granularitySchema.default("day"),
      dimension: breakdownDimensionSchema.optional(),
      limit: breakdownLimitSchema.default(DEFAULT_BREAKDOWN_LIMIT),
      ...pageFields,
    })
    .superRefine((q, ctx) => {
      checkRange(q, ctx);
      if (q.view === "breakdown" && !q.dimension) {
        ctx.addIssue({ code: "custom", path: ["dimension"], message: "is required when view=breakdown" });
      }
    }),
);

export type UsageQuery = z.output<typeof usageQuerySchema>;

/** GET /api/usage: any member of the organization (or a token with usage:read) may read. */
export async function runUsageQuery(db: Db, actor: ActingAs, query: UsageQuery) {
  assertCan(actor, "usage:read");
  const orgId = actor.orgId;
  const { view, granularity, dimension, limit, page, pageSize, ...filters } = query;
  switch (view) {
    case "totals":
      return { view, totals: await getUsageTotals(db, orgId, filters) };
    case "timeseries":
      return { view, granularity, points: await getUsageTimeSeries(db, orgId, filters, granularity) };
    case "breakdown":
      return { view, dimension, rows: await getUsageBreakdown(db, orgId, filters, dimension!, { limit }) };
    default:
      return { view, ...(await listUsageRows(db, orgId, { ...filters, page, pageSize })) };
  }
}
