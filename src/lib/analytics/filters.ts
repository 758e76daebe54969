import { z } from "zod";
import { FIRST_PRODUCT_DATE, parseEpochDay, productDate, productDateProblem } from "@/lib/dates";
import { PROVIDER_IDS } from "@/lib/providers/types";
import { safeText } from "@/lib/text/safe-text";
import { formatZodError, parseOrThrow } from "@/lib/validation";
import { BREAKDOWN_DIMENSIONS, GRANULARITIES, type AnalyticsFilters, type Granularity } from "./contract";
import { addDays, todayUtc } from "@/lib/dates";

/** Three calendar years at most, counted inclusively (one leap day included). */
export const MAX_RANGE_DAYS = 3 * 365 + 1;
export const DEFAULT_RANGE_DAYS = 30;
export const DEFAULT_GRANULARITY: Granularity = "day";

export const granularitySchema = z.enum(GRANULARITIES, { error: "granularity must be day, week or month" });
export const breakdownDimensionSchema = z.enum(BREAKDOWN_DIMENSIONS, {
  error: `dimension must be one of ${BREAKDOWN_DIMENSIONS.join(", ")}`,
});

/** Empty strings (an untouched form field, `?model=`) count as absent. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const idText = (field: string) => z.preprocess(blankToUndefined, safeText({ field, max: 200 }).optional());

/** Booleans, or the strings a URL carries. */
export const batchSchema = z.preprocess(
  blankToUndefined,
  z
    .union([z.boolean(), z.enum(["true", "false"], { error: "must be true or false" }).transform((v) => v === "true")])
    .optional(),
);

/** The filter fields without the cross-field checks, to compose into route query schemas. */
export const analyticsFilterFields = {
  start: productDate("start"),
  end: productDate("end"),
  accountId: z.preprocess(blankToUndefined, z.uuid({ error: "must be a provider account id (uuid)" }).optional()),
  provider: z.preprocess(
    blankToUndefined,
    z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` }).optional(),
  ),
  projectId: idText("projectId"),
  apiKeyId: idText("apiKeyId"),
  model: idText("model"),
  serviceTier: idText("serviceTier"),
  batch: batchSchema,
  providerUserId: idText("providerUserId"),
};

/** Cross-field checks on epoch days (numbers): string order breaks past year 9999. */
export function checkRange(value: { start: string; end: string }, ctx: z.RefinementCtx) {
  const [start, end] = [parseEpochDay(value.start), parseEpochDay(value.end)];
  if (start === null || end === null) return;
  if (start > end) {
    ctx.addIssue({ code: "custom", path: ["end"], message: `must not be before start (${value.start})` });
  } else if (end - start + 1 > MAX_RANGE_DAYS) {
    ctx.addIssue({ code: "custom", path: ["end"], message: "the range may span at most 3 years" });
  }
}

export const analyticsFiltersSchema = z.strictObject(analyticsFilterFields).superRefine(checkRange);

export function defaultRange(now: Date = new Date()): { start: string; end: string } {
  const end = todayUtc(now);
  return { start: defaultStartFor(end), end };
}

/** The start that goes with an end given alone: 30 days earlier, but never before 2000-01-01. */
export function defaultStartFor(end: string): string {
  const start = addDays(end, 1 - DEFAULT_RANGE_DAYS);
  return parseEpochDay(start)! < parseEpochDay(FIRST_PRODUCT_DATE)! ? FIRST_PRODUCT_DATE : start;
}

type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const named = (field: string, message: string) => (message.startsWith(`${field} `) ? message : `${field}: ${message}`);

export interface AnalyticsSearch {
  filters: AnalyticsFilters;
  granularity: Granularity;
  /** One plain sentence per value of the link that could not be used (the page shows them). */
  ignored: string[];
}

/**
 * What the /analytics page reads from its URL. Never throws: a value that does not parse is
 * dropped and named in `ignored` (a bad range becomes the last 30 days), so a hand-edited link
 * still renders and says what it left out.
 */
export function parseAnalyticsSearchParams(searchParams: SearchParams, now: Date = new Date()): AnalyticsSearch {
  const ignored: string[] = [];
  const fallback = defaultRange(now);
  const dateParam = (field: "start" | "end") => {
    const value = first(searchParams[field]);
    if (value === undefined || value.trim() === "") return undefined;
    const problem = productDateProblem(value, field, now);
    if (problem) ignored.push(problem);
    return problem ? undefined : value;
  };
  let start = dateParam("start");
  let end = dateParam("end");
  if (start && !end) end = parseEpochDay(start)! <= parseEpochDay(fallback.end)! ? fallback.end : start;
  if (end && !start) start = defaultStartFor(end);
  let range = start && end ? { start, end } : fallback;
  const checked = analyticsFiltersSchema.safeParse(range);
  if (!checked.success) {
    ignored.push(
      `the date range was replaced by the last ${DEFAULT_RANGE_DAYS} days (${formatZodError(checked.error)})`,
    );
    range = fallback;
  }

  const filters: AnalyticsFilters = { ...range };
  for (const field of [
    "accountId",
    "provider",
    "projectId",
    "apiKeyId",
    "model",
    "serviceTier",
    "batch",
    "providerUserId",
  ] as const) {
    const parsed = analyticsFilterFields[field].safeParse(first(searchParams[field]));
    if (!parsed.success) ignored.push(named(field, formatZodError(parsed.error)));
    else if (parsed.data !== undefined) (filters as unknown as Record<string, unknown>)[field] = parsed.data;
  }
  const rawGranularity = first(searchParams.granularity);
  const granularity = granularitySchema.safeParse(rawGranularity);
  if (!granularity.success && rawGranularity?.trim()) ignored.push(formatZodError(granularity.error));
  return { filters, granularity: granularity.success ? granularity.data : DEFAULT_GRANULARITY, ignored };
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
  for (const field of [
    "accountId",
    "provider",
    "projectId",
    "apiKeyId",
    "model",
    "serviceTier",
    "providerUserId",
  ] as const) {
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
