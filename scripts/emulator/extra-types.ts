// Finest-grain rows of the usage endpoints beyond completions and embeddings, and the optional
// detail counters completions rows carry when those endpoints are switched on.

export const EXTRA_USAGE_KINDS = [
  "moderations",
  "images",
  "audio_speeches",
  "audio_transcriptions",
  "vector_stores",
  "code_interpreter_sessions",
  "web_search_calls",
  "file_search_calls",
] as const;
export type ExtraUsageKind = (typeof EXTRA_USAGE_KINDS)[number];

interface Who {
  project_id: string | null;
  user_id: string | null;
  api_key_id: string | null;
}

export interface ModerationsRow extends Who {
  input_tokens: number;
  num_model_requests: number;
  model: string | null;
}
export interface ImagesRow extends Who {
  images: number;
  num_model_requests: number;
  model: string | null;
  size: string | null;
  source: string | null;
}
export interface AudioSpeechesRow extends Who {
  characters: number;
  num_model_requests: number;
  model: string | null;
}
export interface AudioTranscriptionsRow extends Who {
  seconds: number;
  num_model_requests: number;
  model: string | null;
}
export interface VectorStoresRow {
  usage_bytes: number;
  project_id: string | null;
}
export interface CodeInterpreterSessionsRow {
  num_sessions: number;
  project_id: string | null;
}
export interface WebSearchCallsRow extends Who {
  num_requests: number;
  num_model_requests: number;
  model: string | null;
  context_level: string | null;
}
export interface FileSearchCallsRow extends Who {
  num_requests: number;
  vector_store_id: string | null;
}

export interface ExtraDayUsage {
  moderations: ModerationsRow[];
  images: ImagesRow[];
  audio_speeches: AudioSpeechesRow[];
  audio_transcriptions: AudioTranscriptionsRow[];
  vector_stores: VectorStoresRow[];
  code_interpreter_sessions: CodeInterpreterSessionsRow[];
  web_search_calls: WebSearchCallsRow[];
  file_search_calls: FileSearchCallsRow[];
}

export type ExtraRow = ExtraDayUsage[ExtraUsageKind][number];

/** Completions detail counters (newer OpenAI responses); present only with extra usage on. */
export const COMPLETIONS_DETAIL_FIELDS = [
  "input_cache_write_tokens",
  "input_cached_audio_tokens",
  "input_image_tokens",
  "input_cached_image_tokens",
  "output_image_tokens",
] as const;
export type CompletionsDetailField = (typeof COMPLETIONS_DETAIL_FIELDS)[number];

export function emptyExtraDay(): ExtraDayUsage {
  return {
    moderations: [],
    images: [],
    audio_speeches: [],
    audio_transcriptions: [],
    vector_stores: [],
    code_interpreter_sessions: [],
    web_search_calls: [],
    file_search_calls: [],
  };
}
