// Usage of the endpoints beyond completions and embeddings (images, audio, moderations, tools,
// vector storage), generated per UTC day from hash streams of their own: switching it on leaves
// every completions and embeddings value exactly as it was.

import { hashInts, intBetween, pick, randomId, rngFor, type Rng } from "./prng";
import { emptyExtraDay, type ExtraDayUsage } from "./extra-types";
import { DAY_SECONDS, type CompletionsRow } from "./types";

const TAG = { project: 201, day: 202, projectDay: 203, details: 204 } as const;

export const MODERATION_MODELS = ["omni-moderation-latest", "text-moderation-latest"] as const;
export const IMAGE_MODELS = ["gpt-image-1", "dall-e-3", "dall-e-2"] as const;
/** The sizes each image model makes (OpenAI's image API refuses any other). */
export const IMAGE_SIZES: Readonly<Record<(typeof IMAGE_MODELS)[number], readonly string[]>> = {
  "gpt-image-1": ["1024x1024", "1024x1536", "1536x1024"],
  "dall-e-3": ["1024x1024", "1024x1792", "1792x1024"],
  "dall-e-2": ["256x256", "512x512", "1024x1024"],
};
export const IMAGE_SOURCES = ["image.generation", "image.edit", "image.variation"] as const;
export const SPEECH_MODELS = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"] as const;
export const TRANSCRIPTION_MODELS = ["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"] as const;
export const WEB_SEARCH_MODELS = ["gpt-4o-search-preview-2025-03-11", "gpt-4.1-mini-2025-04-14"] as const;
export const CONTEXT_LEVELS = ["low", "medium", "high"] as const;

export interface ExtraKey {
  apiKeyId: string;
  projectId: string;
  userId: string | null;
  /** usage stops at the start of this day (archived project), else Infinity */
  activeUntil: number;
}

interface ExtraProject {
  id: string;
  activeUntil: number;
  vectorStores: string[];
  baseBytes: number;
  dailyGrowth: number;
}

export interface ExtraOrgProfile {
  keys: ExtraKey[];
  projects: ExtraProject[];
}

export function buildExtraProfile(seed: number, orgIndex: number, keys: ExtraKey[]): ExtraOrgProfile {
  const projects = new Map<string, ExtraProject>();
  for (const key of keys) {
    if (projects.has(key.projectId)) continue;
    const rng = rngFor(seed, TAG.project, orgIndex, projects.size);
    projects.set(key.projectId, {
      id: key.projectId,
      activeUntil: key.activeUntil,
      vectorStores: Array.from({ length: intBetween(rng, 0, 2) }, () => `vs_${randomId(rng, 24)}`),
      baseBytes: intBetween(rng, 1, 400) * 1_000_000,
      dailyGrowth: intBetween(rng, 0, 2_000_000),
    });
  }
  return { keys, projects: [...projects.values()] };
}

export function generateExtraDay(
  seed: number,
  orgIndex: number,
  profile: ExtraOrgProfile,
  dayStart: number,
  firstDayStart: number,
): ExtraDayUsage {
  const day = emptyExtraDay();
  const dayNumber = dayStart / DAY_SECONDS;
  for (let k = 0; k < profile.keys.length; k++) {
    const key = profile.keys[k];
    if (dayStart >= key.activeUntil) continue;
    const rng = rngFor(hashInts(seed, TAG.day, orgIndex), dayNumber, k);
    const who = { project_id: key.projectId, user_id: key.userId, api_key_id: key.apiKeyId };
    const requests = (scale: number) => Math.max(1, Math.round(scale * (0.3 + 1.4 * rng())));
    if (rng() < 0.35) {
      const n = requests(40);
      day.moderations.push({
        ...who,
        model: pick(rng, MODERATION_MODELS),
        input_tokens: n * intBetween(rng, 20, 400),
        num_model_requests: n,
      });
    }
    if (rng() < 0.25) {
      for (let i = intBetween(rng, 1, 2); i > 0; i--) {
        const n = requests(6);
        const model = pick(rng, IMAGE_MODELS);
        day.images.push({
          ...who,
          model,
          size: pick(rng, IMAGE_SIZES[model]),
          source: pick(rng, IMAGE_SOURCES),
          images: n * intBetween(rng, 1, 4),
          num_model_requests: n,
        });
      }
    }
    if (rng() < 0.2) {
      const n = requests(12);
      day.audio_speeches.push({
        ...who,
        model: pick(rng, SPEECH_MODELS),
        characters: n * intBetween(rng, 80, 2000),
        num_model_requests: n,
      });
    }
    if (rng() < 0.2) {
      const n = requests(10);
      day.audio_transcriptions.push({
        ...who,
        model: pick(rng, TRANSCRIPTION_MODELS),
        seconds: n * intBetween(rng, 5, 600),
        num_model_requests: n,
      });
    }
    if (rng() < 0.25) {
      const n = requests(15);
      day.web_search_calls.push({
        ...who,
        model: pick(rng, WEB_SEARCH_MODELS),
        context_level: pick(rng, CONTEXT_LEVELS),
        num_requests: n + intBetween(rng, 0, n),
        num_model_requests: n,
      });
    }
    const stores = profile.projects.find((p) => p.id === key.projectId)?.vectorStores ?? [];
    if (stores.length > 0 && rng() < 0.3) {
      day.file_search_calls.push({ ...who, vector_store_id: pick(rng, stores), num_requests: requests(20) });
    }
  }
  for (let p = 0; p < profile.projects.length; p++) {
    const project = profile.projects[p];
    if (dayStart >= project.activeUntil) continue;
    const rng: Rng = rngFor(hashInts(seed, TAG.projectDay, orgIndex), dayNumber, p);
    if (project.vectorStores.length > 0) {
      const age = Math.round((dayStart - firstDayStart) / DAY_SECONDS);
      day.vector_stores.push({ project_id: project.id, usage_bytes: project.baseBytes + age * project.dailyGrowth });
    }
    if (rng() < 0.4)
      day.code_interpreter_sessions.push({ project_id: project.id, num_sessions: intBetween(rng, 1, 30) });
  }
  return day;
}

/**
 * The newer completions detail counters, consistent with the row: cache writes and uncached image
 * tokens come out of the uncached input, cached image/audio tokens out of the cached input.
 */
export function withCompletionDetails(
  seed: number,
  orgIndex: number,
  dayStart: number,
  rows: readonly CompletionsRow[],
): CompletionsRow[] {
  const rng = rngFor(seed, TAG.details, orgIndex, dayStart / DAY_SECONDS);
  return rows.map((row) => {
    const uncached = row.input_tokens - row.input_cached_tokens - row.input_audio_tokens;
    const cacheWrite = Math.floor(uncached * 0.15 * rng());
    const image = rng() < 0.3 ? Math.floor((uncached - cacheWrite) * 0.3 * rng()) : 0;
    const cachedImage = image > 0 ? Math.floor(row.input_cached_tokens * 0.2 * rng()) : 0;
    const cachedAudio =
      row.input_audio_tokens > 0 ? Math.floor((row.input_cached_tokens - cachedImage) * 0.3 * rng()) : 0;
    return {
      ...row,
      input_cache_write_tokens: cacheWrite,
      input_cached_audio_tokens: cachedAudio,
      input_image_tokens: image,
      input_cached_image_tokens: cachedImage,
      output_image_tokens: rng() < 0.1 ? Math.floor(row.output_tokens * 0.5 * rng()) : 0,
    };
  });
}
