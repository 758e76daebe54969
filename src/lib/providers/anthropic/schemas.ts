import { z } from "zod";
import { parseProviderBody } from "@/lib/providers/parse";

// Every object is loose: Anthropic adds fields (and group keys) without notice, and documented
// optional fields really are omitted or null in real responses.
const count = z.number().int().nonnegative();
const optionalCount = count.nullish().transform((v) => v ?? 0);
const groupKey = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const timestamp = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: "expected an RFC 3339 time" });

export const usageResultSchema = z.looseObject({
  uncached_input_tokens: count,
  cache_read_input_tokens: optionalCount,
  cache_creation: z
    .looseObject({ ephemeral_5m_input_tokens: optionalCount, ephemeral_1h_input_tokens: optionalCount })
    .nullish(),
  output_tokens: count,
  server_tool_use: z.looseObject({ web_search_requests: optionalCount }).nullish(),
  api_key_id: groupKey,
  workspace_id: groupKey,
  model: groupKey,
  service_tier: groupKey,
  context_window: groupKey,
  inference_geo: groupKey,
});

export const costResultSchema = z.looseObject({
  // A decimal string in cents; a JSON number is tolerated and checked the same way.
  amount: z.union([z.string(), z.number()]),
  currency: groupKey,
  workspace_id: groupKey,
  description: groupKey,
  cost_type: groupKey,
  model: groupKey,
  service_tier: groupKey,
  context_window: groupKey,
  token_type: groupKey,
  inference_geo: groupKey,
});

const bucketSchema = <R extends z.ZodType>(result: R) =>
  z.looseObject({ starting_at: timestamp, ending_at: timestamp, results: z.array(result) });

const reportPageSchema = <R extends z.ZodType>(result: R) =>
  z.looseObject({
    data: z.array(bucketSchema(result)),
    has_more: z.boolean(),
    // Kept unknown: sanitizeNextPageCursor decides what is acceptable.
    next_page: z.unknown().optional(),
  });

export const usageReportPageSchema = reportPageSchema(usageResultSchema);
export const costReportPageSchema = reportPageSchema(costResultSchema);

/** Admin list items (workspaces, API keys, users): only the id is required. */
export const workspaceSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  archived_at: z.string().nullish(),
});
export const apiKeySchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  status: z.string().nullish(),
  partial_key_hint: z.string().nullish(),
  // Older responses carry workspace_id; newer ones a scope object.
  workspace_id: z.string().nullish(),
  scope: z.looseObject({ type: z.string().nullish(), workspace_id: z.string().nullish() }).nullish(),
  created_by: z.looseObject({ id: z.string().nullish(), type: z.string().nullish() }).nullish(),
});
export const userSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  role: z.string().nullish(),
});

export const anthropicErrorBodySchema = z.looseObject({
  error: z.looseObject({ type: z.string().nullish(), message: z.string().optional() }),
});

export type UsageResult = z.infer<typeof usageResultSchema>;
export type CostResult = z.infer<typeof costResultSchema>;
export type ReportBucket = { starting_at: string; ending_at: string };

export function anthropicErrorMessage(body: unknown): string | undefined {
  const parsed = anthropicErrorBodySchema.safeParse(body);
  return parsed.success ? parsed.data.error.message : undefined;
}

/** Parses or throws MALFORMED_RESPONSE naming the first offending fields (see ../parse.ts). */
export function parseOrMalformed<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  return parseProviderBody("Anthropic", schema, value, what);
}
