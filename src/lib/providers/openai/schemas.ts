import { z } from "zod";
import { parseProviderBody } from "@/lib/providers/parse";

/** Every object is loose: OpenAI adds fields without notice and they must not break ingestion. */
const count = z.number().int().nonnegative();
const optionalCount = count.nullish().transform((v) => v ?? 0);
/** A detail counter: null when OpenAI leaves it out (older responses), never an invented 0. */
export const reportedCount = count.nullish().transform((v) => v ?? null);
const groupKey = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
export { count as usageCount, groupKey as usageGroupKey };

export const completionsResultSchema = z.looseObject({
  object: z.string().optional(),
  input_tokens: count,
  output_tokens: count,
  num_model_requests: count,
  input_cached_tokens: optionalCount,
  // Counted in input_tokens already; the text counters are not stored (total minus the others).
  input_cache_write_tokens: reportedCount,
  input_audio_tokens: reportedCount,
  input_cached_audio_tokens: reportedCount,
  output_audio_tokens: reportedCount,
  input_image_tokens: reportedCount,
  input_cached_image_tokens: reportedCount,
  output_image_tokens: reportedCount,
  project_id: groupKey,
  user_id: groupKey,
  api_key_id: groupKey,
  model: groupKey,
  batch: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
  service_tier: groupKey,
});

export const embeddingsResultSchema = z.looseObject({
  object: z.string().optional(),
  input_tokens: count,
  num_model_requests: count,
  project_id: groupKey,
  user_id: groupKey,
  api_key_id: groupKey,
  model: groupKey,
});

const bucketSchema = <R extends z.ZodType>(result: R) =>
  z.looseObject({
    object: z.string().optional(),
    start_time: z.number().int(),
    end_time: z.number().int(),
    results: z.array(result),
  });

export const usagePageSchema = <R extends z.ZodType>(result: R) =>
  z.looseObject({
    object: z.string().optional(),
    data: z.array(bucketSchema(result)),
    has_more: z.boolean(),
    // Kept unknown: sanitizeNextPage decides what is acceptable.
    next_page: z.unknown().optional(),
  });

export const completionsPageSchema = usagePageSchema(completionsResultSchema);
export const embeddingsPageSchema = usagePageSchema(embeddingsResultSchema);

/** Undocumented `GET /v1/usage?date=`; best-effort, so everything but the list itself is optional. */
export const legacyUsageEntrySchema = z.looseObject({
  aggregation_timestamp: z.number().nullish(),
  n_requests: optionalCount,
  operation: z.string().nullish(),
  snapshot_id: groupKey,
  n_context_tokens_total: optionalCount,
  n_generated_tokens_total: optionalCount,
});

export const legacyUsageResponseSchema = z.looseObject({
  object: z.string().optional(),
  data: z.array(legacyUsageEntrySchema),
});

export const openAIErrorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
    param: z.string().nullish(),
  }),
});

export type CompletionsResult = z.infer<typeof completionsResultSchema>;
export type EmbeddingsResult = z.infer<typeof embeddingsResultSchema>;
export type CompletionsPage = z.infer<typeof completionsPageSchema>;
export type EmbeddingsPage = z.infer<typeof embeddingsPageSchema>;
export type UsageBucket = { start_time: number; end_time: number };
export type LegacyUsageResponse = z.infer<typeof legacyUsageResponseSchema>;

export function openAIErrorMessage(body: unknown): string | undefined {
  const parsed = openAIErrorBodySchema.safeParse(body);
  return parsed.success ? parsed.data.error.message : undefined;
}

/** Parses or throws MALFORMED_RESPONSE naming the first offending fields (see ../parse.ts). */
export function parseOrMalformed<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  return parseProviderBody("OpenAI", schema, value, what);
}
