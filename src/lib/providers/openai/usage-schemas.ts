import { z } from "zod";
import { reportedCount, usageCount as count, usageGroupKey as groupKey } from "./schemas";

/**
 * Results of the usage endpoints beyond completions and embeddings (OpenAI's openapi: Usage*Result).
 * Loose like every OpenAI object; the fields OpenAI marks required are required here too.
 */
const object = z.string().optional();
const who = { project_id: groupKey, user_id: groupKey, api_key_id: groupKey };

export const moderationsResultSchema = z.looseObject({
  object,
  input_tokens: count,
  num_model_requests: count,
  ...who,
  model: groupKey,
});

export const imagesResultSchema = z.looseObject({
  object,
  images: count,
  num_model_requests: count,
  /** image.generation | image.edit | image.variation */
  source: groupKey,
  size: groupKey,
  ...who,
  model: groupKey,
});

export const audioSpeechesResultSchema = z.looseObject({
  object,
  characters: count,
  num_model_requests: count,
  ...who,
  model: groupKey,
});

export const audioTranscriptionsResultSchema = z.looseObject({
  object,
  // Documented as an integer; stored as numeric, so a fractional value is kept rather than refused.
  seconds: z.number().nonnegative(),
  num_model_requests: count,
  ...who,
  model: groupKey,
});

export const vectorStoresResultSchema = z.looseObject({
  object,
  usage_bytes: count,
  project_id: groupKey,
});

export const codeInterpreterSessionsResultSchema = z.looseObject({
  object,
  num_sessions: count,
  project_id: groupKey,
});

/** `organization.usage.web_searches.result` */
export const webSearchCallsResultSchema = z.looseObject({
  object,
  num_requests: count,
  num_model_requests: reportedCount,
  ...who,
  model: groupKey,
  context_level: groupKey,
});

/** `organization.usage.file_searches.result` */
export const fileSearchCallsResultSchema = z.looseObject({
  object,
  num_requests: count,
  ...who,
  vector_store_id: groupKey,
});

export type ModerationsResult = z.infer<typeof moderationsResultSchema>;
export type ImagesResult = z.infer<typeof imagesResultSchema>;
export type AudioSpeechesResult = z.infer<typeof audioSpeechesResultSchema>;
export type AudioTranscriptionsResult = z.infer<typeof audioTranscriptionsResultSchema>;
export type VectorStoresResult = z.infer<typeof vectorStoresResultSchema>;
export type CodeInterpreterSessionsResult = z.infer<typeof codeInterpreterSessionsResultSchema>;
export type WebSearchCallsResult = z.infer<typeof webSearchCallsResultSchema>;
export type FileSearchCallsResult = z.infer<typeof fileSearchCallsResultSchema>;
