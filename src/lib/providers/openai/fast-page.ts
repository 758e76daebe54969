/**
 * A cheaper check for the large usage pages (completions, embeddings: thousands of results each)
 * than running zod on every result. The zod schemas (./schemas.ts) stay the contract: this check
 * only accepts what they accept and returns what they return, and a page it does not accept in
 * full goes through zod, so a malformed page fails with zod's message naming the field.
 * tests/unit/providers/fast-page.test.ts holds both to the same answers.
 */

/** How zod reads a field (see ./schemas.ts: usageCount, optionalCount, reportedCount, usageGroupKey). */
export type FieldRule = "count" | "optionalCount" | "reportedCount" | "groupKey" | "nullableBoolean";

export type ResultRules = Readonly<Record<string, FieldRule>>;

export const COMPLETIONS_RULES: ResultRules = {
  input_tokens: "count",
  output_tokens: "count",
  num_model_requests: "count",
  input_cached_tokens: "optionalCount",
  input_cache_write_tokens: "reportedCount",
  input_audio_tokens: "reportedCount",
  input_cached_audio_tokens: "reportedCount",
  output_audio_tokens: "reportedCount",
  input_image_tokens: "reportedCount",
  input_cached_image_tokens: "reportedCount",
  output_image_tokens: "reportedCount",
  project_id: "groupKey",
  user_id: "groupKey",
  api_key_id: "groupKey",
  model: "groupKey",
  batch: "nullableBoolean",
  service_tier: "groupKey",
};

export const EMBEDDINGS_RULES: ResultRules = {
  input_tokens: "count",
  num_model_requests: "count",
  project_id: "groupKey",
  user_id: "groupKey",
  api_key_id: "groupKey",
  model: "groupKey",
};

/** Returned when a value does not pass: the caller then lets zod judge the page. */
const REJECT = Symbol("reject");

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** `z.string().optional()`: absent or a string (not null). */
const optionalString = (v: unknown) => v === undefined || typeof v === "string";

function readField(rule: FieldRule, v: unknown): unknown {
  switch (rule) {
    case "count":
      return isCount(v) ? v : REJECT;
    case "optionalCount":
      return v === undefined || v === null ? 0 : isCount(v) ? v : REJECT;
    case "reportedCount":
      return v === undefined || v === null ? null : isCount(v) ? v : REJECT;
    case "groupKey":
      return v === undefined || v === null ? null : typeof v === "string" ? v : REJECT;
    case "nullableBoolean":
      return v === undefined || v === null ? null : typeof v === "boolean" ? v : REJECT;
  }
}

/**
 * The result itself, with zod's defaults written in (loose like the schema: unknown fields stay).
 * Writing into the freshly parsed page instead of copying each result is most of this check's
 * speed; a value is only ever replaced by what zod would make of it, so a page declined half-way
 * still gets zod's own verdict and message.
 */
function readResult(rules: ResultRules, fields: readonly string[], raw: unknown): Record<string, unknown> | null {
  if (!isObject(raw) || !optionalString(raw.object)) return null;
  for (const field of fields) {
    const given = raw[field];
    const value = readField(rules[field]!, given);
    if (value === REJECT) return null;
    if (value !== given) raw[field] = value;
  }
  return raw;
}

export interface FastUsagePage {
  data: { start_time: number; end_time: number; results: Record<string, unknown>[] }[];
  has_more: boolean;
  next_page: unknown;
}

/** The page as zod would return it, or null when anything in it needs zod's judgement. */
export function readUsagePageFast(rules: ResultRules, body: unknown): FastUsagePage | null {
  if (!isObject(body) || !optionalString(body.object) || typeof body.has_more !== "boolean") return null;
  if (!Array.isArray(body.data)) return null;
  const fields = Object.keys(rules);
  const data: FastUsagePage["data"] = [];
  for (const bucket of body.data as unknown[]) {
    if (!isObject(bucket) || !optionalString(bucket.object) || !Array.isArray(bucket.results)) return null;
    const { start_time: start, end_time: end } = bucket;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return null;
    const results: Record<string, unknown>[] = [];
    for (const raw of bucket.results as unknown[]) {
      const result = readResult(rules, fields, raw);
      if (!result) return null;
      results.push(result);
    }
    data.push({ ...bucket, start_time: start as number, end_time: end as number, results });
  }
  return { ...body, data, has_more: body.has_more, next_page: body.next_page };
}
