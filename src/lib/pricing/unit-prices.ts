/**
 * THE unit-price table for usage the price library does not price per token: images per image,
 * text-to-speech per character, transcription per minute, vector storage per GB-day, code
 * interpreter per session, web and file search per call. USD, decimal text. Source: OpenAI's
 * pricing page https://platform.openai.com/docs/pricing (read 2025-09), standard tier; check and
 * update when OpenAI changes prices (PRICING_VERSION follows this table, so stored costs are
 * recomputed on the next refresh).
 * Choices where the usage API says less than the price list needs:
 *  - images: the usage API reports size but not quality: standard quality (DALL-E) / medium quality
 *    (gpt-image-*) is assumed; a row without a size (not grouped by size) is priced at 1024x1024,
 *    the API's default size.
 *  - vector storage: "GB" = 10^9 bytes; the first free GB per organization is NOT subtracted (it is
 *    per organization and day, not per row), so this slightly over-estimates small stores.
 *  - web search: the model's own per-call price from the library when it has one, else this default.
 */
import { longestPrefix } from "./model-match";

/** USD per image by size. */
export const IMAGE_PRICES: readonly { prefix: string; bySize: Record<string, string> }[] = [
  { prefix: "dall-e-2", bySize: { "256x256": "0.016", "512x512": "0.018", "1024x1024": "0.02" } },
  { prefix: "dall-e-3", bySize: { "1024x1024": "0.04", "1024x1792": "0.08", "1792x1024": "0.08" } },
  { prefix: "gpt-image-1", bySize: { "1024x1024": "0.042", "1024x1536": "0.063", "1536x1024": "0.063" } },
  { prefix: "gpt-image-1-mini", bySize: { "1024x1024": "0.011", "1024x1536": "0.015", "1536x1024": "0.015" } },
];
export const DEFAULT_IMAGE_SIZE = "1024x1024";

/** USD per 1M characters of text-to-speech input. */
export const SPEECH_PRICES_PER_M_CHARS: readonly { prefix: string; price: string }[] = [
  { prefix: "tts-1", price: "15" },
  { prefix: "tts-1-hd", price: "30" },
];

/** USD per minute of transcribed audio (models the library prices per token only). */
export const TRANSCRIPTION_PRICES_PER_MINUTE: readonly { prefix: string; price: string }[] = [
  { prefix: "whisper-1", price: "0.006" },
  { prefix: "gpt-4o-transcribe", price: "0.006" },
  { prefix: "gpt-4o-mini-transcribe", price: "0.003" },
];

export const VECTOR_STORE_PER_GB_DAY = "0.10";
export const BYTES_PER_GB = 1_000_000_000n;
export const CODE_INTERPRETER_PER_SESSION = "0.03";
export const WEB_SEARCH_PER_1K_CALLS = "10";
export const FILE_SEARCH_PER_1K_CALLS = "2.50";

export function imagePrice(model: string, size: string | null | undefined): string | null {
  const entry = longestPrefix(model, IMAGE_PRICES, (p) => p.prefix);
  return entry?.bySize[size ?? DEFAULT_IMAGE_SIZE] ?? null;
}

export const speechPricePerMChars = (model: string) =>
  longestPrefix(model, SPEECH_PRICES_PER_M_CHARS, (p) => p.prefix)?.price ?? null;

export const transcriptionPricePerMinute = (model: string) =>
  longestPrefix(model, TRANSCRIPTION_PRICES_PER_MINUTE, (p) => p.prefix)?.price ?? null;

/** Everything above, for PRICING_VERSION. */
export const UNIT_PRICE_TABLE = {
  IMAGE_PRICES,
  DEFAULT_IMAGE_SIZE,
  SPEECH_PRICES_PER_M_CHARS,
  TRANSCRIPTION_PRICES_PER_MINUTE,
  VECTOR_STORE_PER_GB_DAY,
  CODE_INTERPRETER_PER_SESSION,
  WEB_SEARCH_PER_1K_CALLS,
  FILE_SEARCH_PER_1K_CALLS,
};
