/** What pricing needs to know about one stored usage row (names as in usage_events, camelCase). */

import type { UsageEndpoint } from "@/lib/providers/types";

export { USAGE_ENDPOINTS, type UsageEndpoint } from "@/lib/providers/types";

export interface PriceableUsage {
  provider: string;
  model: string;
  /** Which usage endpoint the row came from; absent = completions. */
  endpoint?: UsageEndpoint | string | null;
  /** ALL input tokens: uncached + cache reads + cache writes (every provider). */
  inputTokens: number;
  /** Cache reads across text, audio and image (counted in inputTokens). */
  cachedInputTokens: number;
  cacheWrite5mTokens?: number | null;
  cacheWrite1hTokens?: number | null;
  outputTokens: number;
  /** Null when the provider reports no request count (Anthropic). */
  requests: number | null;
  batch: boolean | null;
  serviceTier: string | null;
  /** Anthropic's context_window group ("0-200k", "200k-1M"). */
  contextWindow?: string | null;
  /** OpenAI: UNCACHED audio input tokens (its usage API's meaning); cached ones are the next field. */
  inputAudioTokens?: number | null;
  inputCachedAudioTokens?: number | null;
  outputAudioTokens?: number | null;
  /** OpenAI: UNCACHED image input tokens; cached ones are the next field. */
  inputImageTokens?: number | null;
  inputCachedImageTokens?: number | null;
  outputImageTokens?: number | null;
  images?: number | null;
  imageSize?: string | null;
  characters?: number | null;
  /** Seconds of audio transcribed (may be fractional). */
  audioSeconds?: number | string | null;
  usageBytes?: number | null;
  sessions?: number | null;
  /** Web or file search calls (OpenAI `num_requests`). */
  toolCalls?: number | null;
  /** Anthropic server-side web searches inside a message. */
  webSearchRequests?: number | null;
}

/** An organization's own price for a model (negotiated, fine-tuned), USD per 1M tokens as decimal text. */
export interface PriceOverride {
  id: string;
  provider: string;
  model: string;
  /** First UTC day it applies to, YYYY-MM-DD. */
  effectiveFrom: string;
  /** Last UTC day it applies to (inclusive), or null = open-ended. */
  effectiveTo: string | null;
  inputPerMTok: string;
  /** Null = cached input costs the input price. */
  cachedInputPerMTok: string | null;
  /** Null = cache writes cost the input price. */
  cacheWritePerMTok: string | null;
  outputPerMTok: string;
}
