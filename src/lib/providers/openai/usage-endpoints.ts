/**
 * One row per OpenAI usage endpoint: the group_by values it accepts (all of them are requested),
 * its page schema and its normalizer. admin-usage.ts walks any of them the same way.
 */
import type { z } from "zod";
import type { ProviderUsageRecord, UsageEndpoint } from "@/lib/providers/types";
import { COMPLETIONS_RULES, EMBEDDINGS_RULES, readUsagePageFast, type ResultRules } from "./fast-page";
import { normalizeCompletionsResult, normalizeEmbeddingsResult } from "./normalize";
import {
  normalizeAudioSpeechesResult,
  normalizeAudioTranscriptionsResult,
  normalizeCodeInterpreterSessionsResult,
  normalizeFileSearchCallsResult,
  normalizeImagesResult,
  normalizeModerationsResult,
  normalizeVectorStoresResult,
  normalizeWebSearchCallsResult,
} from "./normalize-units";
import {
  completionsResultSchema,
  embeddingsResultSchema,
  parseOrMalformed,
  usagePageSchema,
  type UsageBucket,
} from "./schemas";
import {
  audioSpeechesResultSchema,
  audioTranscriptionsResultSchema,
  codeInterpreterSessionsResultSchema,
  fileSearchCallsResultSchema,
  imagesResultSchema,
  moderationsResultSchema,
  vectorStoresResultSchema,
  webSearchCallsResultSchema,
} from "./usage-schemas";

export interface ParsedUsagePage {
  records: ProviderUsageRecord[];
  hasMore: boolean;
  /** Left unknown: sanitizeNextPage decides what is acceptable. */
  nextPage: unknown;
}

export interface UsageEndpointSpec {
  readonly groupBy: readonly string[];
  parse(body: unknown, what: string): ParsedUsagePage;
}

function spec<R extends z.ZodType>(
  groupBy: readonly string[],
  result: R,
  toRecord: (bucket: UsageBucket, r: z.output<R>) => ProviderUsageRecord,
  /** The large pages' cheaper check (./fast-page.ts); zod still judges any page it does not accept. */
  fastRules?: ResultRules,
): UsageEndpointSpec {
  const page = usagePageSchema(result);
  return {
    groupBy,
    parse(body, what) {
      const parsed = (fastRules && readUsagePageFast(fastRules, body)) || parseOrMalformed(page, body, what);
      return {
        records: parsed.data.flatMap((b) => b.results.map((r) => toRecord(b, r as z.output<R>))),
        hasMore: parsed.has_more,
        nextPage: parsed.next_page,
      };
    },
  };
}

export const COMPLETIONS_GROUP_BY = ["project_id", "user_id", "api_key_id", "model", "batch", "service_tier"] as const;
export const EMBEDDINGS_GROUP_BY = ["project_id", "user_id", "api_key_id", "model"] as const;
const PROJECT_ONLY = ["project_id"] as const;

export const USAGE_ENDPOINT_SPECS: Record<UsageEndpoint, UsageEndpointSpec> = {
  completions: spec(COMPLETIONS_GROUP_BY, completionsResultSchema, normalizeCompletionsResult, COMPLETIONS_RULES),
  embeddings: spec(EMBEDDINGS_GROUP_BY, embeddingsResultSchema, normalizeEmbeddingsResult, EMBEDDINGS_RULES),
  moderations: spec(EMBEDDINGS_GROUP_BY, moderationsResultSchema, normalizeModerationsResult),
  images: spec([...EMBEDDINGS_GROUP_BY, "size", "source"], imagesResultSchema, normalizeImagesResult),
  audio_speeches: spec(EMBEDDINGS_GROUP_BY, audioSpeechesResultSchema, normalizeAudioSpeechesResult),
  audio_transcriptions: spec(EMBEDDINGS_GROUP_BY, audioTranscriptionsResultSchema, normalizeAudioTranscriptionsResult),
  vector_stores: spec(PROJECT_ONLY, vectorStoresResultSchema, normalizeVectorStoresResult),
  code_interpreter_sessions: spec(
    PROJECT_ONLY,
    codeInterpreterSessionsResultSchema,
    normalizeCodeInterpreterSessionsResult,
  ),
  web_search_calls: spec(
    [...EMBEDDINGS_GROUP_BY, "context_level"],
    webSearchCallsResultSchema,
    normalizeWebSearchCallsResult,
  ),
  file_search_calls: spec(
    ["project_id", "user_id", "api_key_id", "vector_store_id"],
    fileSearchCallsResultSchema,
    normalizeFileSearchCallsResult,
  ),
};
