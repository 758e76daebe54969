// The emulator's published prices for the usage endpoints beyond completions and embeddings, and the
// cost report's line items for them. Values are OpenAI's pricing page (https://platform.openai.com/docs/pricing,
// standard tier, read 2025-09), in USD as decimal text; every cost is an exact CostAtom (1e-11 USD), never a float.
// Where OpenAI prices in a unit the usage API does not report (gpt-4o-mini-tts speech is billed per
// token, the audio_speeches endpoint reports characters) or a combination OpenAI does not sell (an
// image size a model cannot make), the list has no price and the emulator bills nothing for it.
// Choices the usage API forces, the same as the app's pricing documents: images at standard (DALL-E)
// / medium (gpt-image-1) quality; vector storage per GB-day with GB = 10^9 bytes and no free first GB.

import { parseDecimal } from "../../src/lib/money/decimal";
import type {
  AudioSpeechesRow,
  AudioTranscriptionsRow,
  CodeInterpreterSessionsRow,
  ExtraDayUsage,
  FileSearchCallsRow,
  ImagesRow,
  VectorStoresRow,
  WebSearchCallsRow,
} from "./extra-types";
import { COST_SCALE, type CostAtom } from "./openai-prices";

/** USD per image, by model and size. */
export const EXTRA_IMAGE_PRICES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "dall-e-2": { "256x256": "0.016", "512x512": "0.018", "1024x1024": "0.02" },
  "dall-e-3": { "1024x1024": "0.04", "1024x1792": "0.08", "1792x1024": "0.08" },
  "gpt-image-1": { "1024x1024": "0.042", "1024x1536": "0.063", "1536x1024": "0.063" },
  "gpt-image-1-mini": { "1024x1024": "0.011", "1024x1536": "0.015", "1536x1024": "0.015" },
};
/** OpenAI's default size, which a row without one was made at. */
export const EXTRA_DEFAULT_IMAGE_SIZE = "1024x1024";
/** USD per 1M characters of text-to-speech input. */
export const EXTRA_SPEECH_PER_M_CHARS: Readonly<Record<string, string>> = { "tts-1": "15", "tts-1-hd": "30" };
/** USD per minute of transcribed audio. */
export const EXTRA_TRANSCRIPTION_PER_MINUTE: Readonly<Record<string, string>> = {
  "whisper-1": "0.006",
  "gpt-4o-transcribe": "0.006",
  "gpt-4o-mini-transcribe": "0.003",
};
/** USD per 1K web search tool calls: a model's own price where OpenAI lists one, else the default. */
export const EXTRA_WEB_SEARCH_PER_1K: Readonly<Record<string, string>> = { "gpt-4.1-mini": "10" };
export const EXTRA_WEB_SEARCH_DEFAULT_PER_1K = "10";
export const EXTRA_FILE_SEARCH_PER_1K = "2.50";
export const EXTRA_CODE_INTERPRETER_PER_SESSION = "0.03";
export const EXTRA_VECTOR_STORE_PER_GB_DAY = "0.10";
const BYTES_PER_GB = 1_000_000_000n;

/** `usd / per` in CostAtom units; the published prices are all exact at that scale (a test proves it). */
export function atomUnits(usd: string, per: bigint = 1n): bigint {
  const d = parseDecimal(usd);
  if (!d || d.scale > COST_SCALE)
    throw new RangeError(`price ${usd} is not a decimal with at most ${COST_SCALE} digits`);
  const scaled = d.units * 10n ** BigInt(COST_SCALE - d.scale);
  if (scaled % per !== 0n) throw new RangeError(`price ${usd} per ${per} is not exact at ${COST_SCALE} digits`);
  return scaled / per;
}

/** A dated snapshot (`gpt-4.1-mini-2025-04-14`) is priced as its model. */
const undated = (model: string) => model.replace(/-\d{4}-\d{2}-\d{2}$/, "");

interface Line {
  project_id: string | null;
  api_key_id?: string | null;
}
const atom = (row: Line, line_item: string, quantity: number, unitPrice: bigint, unit: string): CostAtom => ({
  project_id: row.project_id,
  api_key_id: row.api_key_id ?? null,
  line_item,
  units: BigInt(quantity) * unitPrice,
  quantity,
  quantity_unit: unit,
});

const IMAGE_KIND: Record<string, string> = {
  "image.generation": "image generation",
  "image.edit": "image edit",
  "image.variation": "image variation",
};

function imageCost(row: ImagesRow): CostAtom[] {
  const model = row.model ?? "";
  const price = EXTRA_IMAGE_PRICES[model]?.[row.size ?? EXTRA_DEFAULT_IMAGE_SIZE];
  if (price === undefined || row.images === 0) return [];
  const kind = IMAGE_KIND[row.source ?? ""] ?? "image generation";
  return [atom(row, `${model}, ${kind}`, row.images, atomUnits(price), "images")];
}

function speechCost(row: AudioSpeechesRow): CostAtom[] {
  const price = EXTRA_SPEECH_PER_M_CHARS[row.model ?? ""];
  if (price === undefined || row.characters === 0) return [];
  return [atom(row, `${row.model}, speech`, row.characters, atomUnits(price, 1_000_000n), "characters")];
}

function transcriptionCost(row: AudioTranscriptionsRow): CostAtom[] {
  const price = EXTRA_TRANSCRIPTION_PER_MINUTE[row.model ?? ""];
  if (price === undefined || row.seconds === 0) return [];
  return [atom(row, `${row.model}, transcription`, row.seconds, atomUnits(price, 60n), "seconds")];
}

export function webSearchPerThousand(model: string | null): string {
  return EXTRA_WEB_SEARCH_PER_1K[undated(model ?? "")] ?? EXTRA_WEB_SEARCH_DEFAULT_PER_1K;
}

function webSearchCost(row: WebSearchCallsRow): CostAtom[] {
  if (row.num_requests === 0) return [];
  const unitPrice = atomUnits(webSearchPerThousand(row.model), 1000n);
  return [atom(row, "web search tool calls", row.num_requests, unitPrice, "calls")];
}

function fileSearchCost(row: FileSearchCallsRow): CostAtom[] {
  if (row.num_requests === 0) return [];
  const unitPrice = atomUnits(EXTRA_FILE_SEARCH_PER_1K, 1000n);
  return [atom(row, "file search tool calls", row.num_requests, unitPrice, "calls")];
}

function codeInterpreterCost(row: CodeInterpreterSessionsRow): CostAtom[] {
  if (row.num_sessions === 0) return [];
  const unitPrice = atomUnits(EXTRA_CODE_INTERPRETER_PER_SESSION);
  return [atom(row, "code interpreter sessions", row.num_sessions, unitPrice, "sessions")];
}

function vectorStoreCost(row: VectorStoresRow): CostAtom[] {
  if (row.usage_bytes === 0) return [];
  const unitPrice = atomUnits(EXTRA_VECTOR_STORE_PER_GB_DAY, BYTES_PER_GB);
  return [atom(row, "vector store storage", row.usage_bytes, unitPrice, "bytes")];
}

/** One day's bill of the extra endpoints. Moderations are free: OpenAI's cost report has no line for them. */
export function extraCosts(day: ExtraDayUsage): CostAtom[] {
  return [
    ...day.images.flatMap(imageCost),
    ...day.audio_speeches.flatMap(speechCost),
    ...day.audio_transcriptions.flatMap(transcriptionCost),
    ...day.web_search_calls.flatMap(webSearchCost),
    ...day.file_search_calls.flatMap(fileSearchCost),
    ...day.code_interpreter_sessions.flatMap(codeInterpreterCost),
    ...day.vector_stores.flatMap(vectorStoreCost),
  ];
}
