import { z } from "zod";
import { parseOrThrow } from "@/lib/validation";
import { BREAKDOWN_DIMENSIONS, GRANULARITIES, type AnalyticsFilters, type Granularity } from "./contract";
import { addDays, daysInRange, isRealDate, todayUtc } from "./dates";

/** Three calendar years at most, counted inclusively (one leap day included). */
export const MAX_RANGE_DAYS = 3 * 365 + 1;
export const DEFAULT_RANGE_DAYS = 30;
export const DEFAULT_GRANULARITY: Granularity = "day";

export const granularitySchema = z.enum(GRANULARITIES);
export const breakdownDimensionSchema = z.enum(BREAKDOWN_DIMENSIONS);

const utcDay = z.string().refine(isRealDate, { error: "must be a real date written YYYY-MM-DD (UTC)" });

/** Empty strings (an untouched form field, `?model=`) count as absent. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const idText = z.preprocess(blankToUndefined, z.string().trim().max(200).optional());

/** Booleans, or the strings a URL carries. */
export const batchSchema = z.preprocess(
  blankToUndefined,
  z
    .union([z.boolean(), z.enum(["true", "false"], { error: "must be true or false" }).transform((v) => v === "true")])
    .optional(),
);

/** The filter fields without the cross-field checks, to compose into route query schemas. */
export const analyticsFilterFields = {
  start: utcDay,
  end: utcDay,
  accountId: z.preprocess(blankToUndefined, z.uuid({ error: "must be a provider account id (uuid)" }).optional()),
  projectId: idText,
  apiKeyId: idText,
  model: idText,
  serviceTier: idText,
  batch: batchSchema,
  providerUserId: idText,
};

export function checkRange(value: { start: string; end: string }, ctx: z.RefinementCtx) {
  if (!isRealDate(value.start) || !isRealDate(value.end)) return;
  if (value.start > value.end) {
    ctx.addIssue({ code: "custom", path: ["end"], message: `must not be before start (${value.start})` });
  } else if (daysInRange(value.start, value.end) > MAX_RANGE_DAYS) {
    ctx.addIssue({ code: "custom", path: ["end"], message: "the range may span at most 3 years" });
  }
}

export const analyticsFiltersSchema = z.strictObject(analyticsFilterFields).superRefine(checkRange);

export function defaultRange(now: Date = new Date()): { start: string; end: string } {
  const end = todayUtc(now);
  return { start: addDays(end, 1 - DEFAULT_RANGE_DAYS), end };
}

type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * What the /analytics page reads from its URL. Never throws: a value that does not parse is
 * dropped (a bad range becomes the last 30 days), so a hand-edited link still renders.
 */
export function parseAnalyticsSearchParams(
  searchParams: SearchParams,
  now: Date = new Date(),
): { filters: AnalyticsFilters; granularity: Granularity } {
  const fallback = defaultRange(now);
  let start = first(searchParams.start);
  let end = first(searchParams.end);
  if (start !== undefined && !isRealDate(start)) start = undefined;
  if (end !== undefined && !isRealDate(end)) end = undefined;
  if (start && !end) end = start <= fallback.end ? fallback.end : start;
  if (end && !start) start = addDays(end, 1 - DEFAULT_RANGE_DAYS);
  let range = start && end ? { start, end } : fallback;
  if (!analyticsFiltersSchema.safeParse(range).success) range = fallback;

  const filters: AnalyticsFilters = { ...range };
  for (const field of [
    "accountId",
    "projectId",
    "apiKeyId",
    "model",
    "serviceTier",
    "batch",
    "providerUserId",
  ] as const) {
    const parsed = analyticsFilterFields[field].safeParse(first(searchParams[field]));
    if (parsed.success && parsed.data !== undefined)
      (filters as unknown as Record<string, unknown>)[field] = parsed.data;
  }
  const granularity = granularitySchema.safeParse(first(searchParams.granularity));
  return { filters, granularity: granularity.success ? granularity.data : DEFAULT_GRANULARITY };
}

/** The query string for a shareable link: only what differs from the defaults. */
export function filtersToSearchParams(
  filters: AnalyticsFilters,
  granularity: Granularity = DEFAULT_GRANULARITY,
  now: Date = new Date(),
): URLSearchParams {
  const params = new URLSearchParams();
  const fallback = defaultRange(now);
  if (filters.start !== fallback.start || filters.end !== fallback.end) {
    params.set("start", filters.start);
    params.set("end", filters.end);
  }
  for (const field of ["accountId", "projectId", "apiKeyId", "model", "serviceTier", "providerUserId"] as const) {
    const value = filters[field];
    if (value !== undefined && value !== "") params.set(field, value);
  }
  if (filters.batch !== undefined) params.set("batch", String(filters.batch));
  if (granularity !== DEFAULT_GRANULARITY) params.set("granularity", granularity);
  return params;
}

/** Validates a query function's filters; a bad value is a VALIDATION_FAILED AppError (400). */
export function validateFilters(filters: unknown): AnalyticsFilters {
  return parseOrThrow(analyticsFiltersSchema, filters, "filters");
}
