/**
 * The usage endpoints beyond completions and embeddings: OpenAI's documented example results
 * (openapi Usage*Result) parse and normalize into the right columns; missing, null and unknown
 * fields are tolerated; a missing required counter is named.
 */
import { describe, expect, it } from "vitest";
import { USAGE_ENDPOINT_SPECS } from "@/lib/providers/openai/usage-endpoints";
import { ProviderError, USAGE_ENDPOINTS, type UsageEndpoint } from "@/lib/providers/types";

const bucket = { object: "bucket", start_time: 1730419200, end_time: 1730505600 };
const who = { project_id: "proj_1", user_id: "user_1", api_key_id: "key_1" };

function parseOne(endpoint: UsageEndpoint, result: Record<string, unknown>) {
  const page = { object: "page", data: [{ ...bucket, results: [result] }], has_more: false, next_page: null };
  const parsed = USAGE_ENDPOINT_SPECS[endpoint].parse(page, `${endpoint} usage`);
  expect(parsed.records).toHaveLength(1);
  return parsed.records[0]!;
}

const common = (endpoint: UsageEndpoint) => ({
  provider: "openai",
  source: endpoint,
  endpoint,
  windowStart: new Date("2024-11-01T00:00:00Z"),
  windowEnd: new Date("2024-11-02T00:00:00Z"),
  outputTokens: 0,
  cachedInputTokens: 0,
  serviceTier: null,
  batch: null,
});

describe("OpenAI usage endpoint normalizers", () => {
  it("has a spec for every endpoint, each asking for group_by values the openapi allows", () => {
    expect(Object.keys(USAGE_ENDPOINT_SPECS).sort()).toEqual([...USAGE_ENDPOINTS].sort());
    expect(USAGE_ENDPOINT_SPECS.images.groupBy).toEqual([
      "project_id",
      "user_id",
      "api_key_id",
      "model",
      "size",
      "source",
    ]);
    expect(USAGE_ENDPOINT_SPECS.vector_stores.groupBy).toEqual(["project_id"]);
    expect(USAGE_ENDPOINT_SPECS.code_interpreter_sessions.groupBy).toEqual(["project_id"]);
    expect(USAGE_ENDPOINT_SPECS.web_search_calls.groupBy).toContain("context_level");
    expect(USAGE_ENDPOINT_SPECS.file_search_calls.groupBy).toEqual([
      "project_id",
      "user_id",
      "api_key_id",
      "vector_store_id",
    ]);
  });

  it("moderations: input tokens are input tokens, requests counted", () => {
    const r = parseOne("moderations", {
      object: "organization.usage.moderations.result",
      input_tokens: 16,
      num_model_requests: 2,
      ...who,
      model: "omni-moderation-latest",
    });
    expect(r).toEqual({
      ...common("moderations"),
      model: "omni-moderation-latest",
      inputTokens: 16,
      requests: 2,
      projectId: "proj_1",
      apiKeyId: "key_1",
      providerUserId: "user_1",
    });
  });

  it("images: count, size and source in their own columns; a null model is 'unknown'", () => {
    const r = parseOne("images", {
      object: "organization.usage.images.result",
      images: 2,
      num_model_requests: 2,
      size: "1024x1024",
      source: "image.generation",
      project_id: null,
      user_id: null,
      api_key_id: null,
      model: null,
    });
    expect(r).toMatchObject({
      ...common("images"),
      model: "unknown",
      inputTokens: 0,
      images: 2,
      requests: 2,
      imageSize: "1024x1024",
      imageSource: "image.generation",
      projectId: null,
    });
  });

  it("audio speeches count characters, transcriptions seconds (kept even when fractional)", () => {
    const speech = parseOne("audio_speeches", {
      object: "organization.usage.audio_speeches.result",
      characters: 45,
      num_model_requests: 1,
      model: "tts-1",
    });
    expect(speech).toMatchObject({ ...common("audio_speeches"), model: "tts-1", characters: 45, requests: 1 });
    const transcription = parseOne("audio_transcriptions", {
      object: "organization.usage.audio_transcriptions.result",
      seconds: 20.5,
      num_model_requests: 1,
      model: "whisper-1",
      ...who,
    });
    expect(transcription).toMatchObject({ ...common("audio_transcriptions"), audioSeconds: 20.5, requests: 1 });
  });

  it("vector stores, code interpreter and file search name no model and report no request count", () => {
    const stores = parseOne("vector_stores", {
      object: "organization.usage.vector_stores.result",
      usage_bytes: 1024,
      project_id: "proj_1",
    });
    expect(stores).toMatchObject({ model: "vector_stores", usageBytes: 1024, requests: null, apiKeyId: null });
    const sessions = parseOne("code_interpreter_sessions", {
      object: "organization.usage.code_interpreter_sessions.result",
      num_sessions: 1,
      project_id: null,
    });
    expect(sessions).toMatchObject({ model: "code_interpreter_sessions", sessions: 1, requests: null });
    const files = parseOne("file_search_calls", {
      object: "organization.usage.file_searches.result",
      num_requests: 2,
      ...who,
      vector_store_id: "vs_1",
    });
    expect(files).toMatchObject({ model: "file_search_calls", toolCalls: 2, vectorStoreId: "vs_1", requests: null });
  });

  it("web search calls: tool calls and context level; its model requests are left to completions", () => {
    const r = parseOne("web_search_calls", {
      object: "organization.usage.web_searches.result",
      num_model_requests: 2,
      num_requests: 3,
      ...who,
      model: "gpt-4o-search-preview",
      context_level: "high",
    });
    expect(r).toMatchObject({
      ...common("web_search_calls"),
      model: "gpt-4o-search-preview",
      toolCalls: 3,
      contextLevel: "high",
      requests: null,
    });
    // Not also in web_search_requests (Anthropic's counter): the calls must not be priced twice.
    expect(r.webSearchRequests).toBeUndefined();
  });

  it("completions keep every modality counter, null when not reported", () => {
    const r = parseOne("completions", {
      input_tokens: 1000,
      output_tokens: 300,
      num_model_requests: 4,
      input_cached_tokens: 200,
      input_cache_write_tokens: 50,
      input_audio_tokens: 30,
      input_cached_audio_tokens: 5,
      output_audio_tokens: 40,
      input_image_tokens: 70,
      input_cached_image_tokens: 9,
      output_image_tokens: 0,
    });
    expect(r).toMatchObject({
      endpoint: "completions",
      inputTokens: 1000,
      cachedInputTokens: 200,
      cacheWrite5mTokens: 50,
      inputAudioTokens: 30,
      inputCachedAudioTokens: 5,
      outputAudioTokens: 40,
      inputImageTokens: 70,
      inputCachedImageTokens: 9,
      outputImageTokens: 0,
    });
    const old = parseOne("completions", { input_tokens: 1, output_tokens: 1, num_model_requests: 1 });
    expect(old).toMatchObject({ cacheWrite5mTokens: 0, inputAudioTokens: null, outputImageTokens: null });
  });

  it("tolerates unknown fields and omitted group keys on every endpoint", () => {
    const minimal: Record<UsageEndpoint, Record<string, unknown>> = {
      completions: { input_tokens: 1, output_tokens: 1, num_model_requests: 1 },
      embeddings: { input_tokens: 1, num_model_requests: 1 },
      moderations: { input_tokens: 1, num_model_requests: 1 },
      images: { images: 1, num_model_requests: 1 },
      audio_speeches: { characters: 1, num_model_requests: 1 },
      audio_transcriptions: { seconds: 1, num_model_requests: 1 },
      vector_stores: { usage_bytes: 1 },
      code_interpreter_sessions: { num_sessions: 1 },
      web_search_calls: { num_requests: 1 },
      file_search_calls: { num_requests: 1 },
    };
    for (const endpoint of USAGE_ENDPOINTS) {
      const r = parseOne(endpoint, { ...minimal[endpoint], a_future_counter: 7 });
      expect(r.endpoint).toBe(endpoint);
      expect(r.projectId).toBeNull();
    }
  });

  it("names the missing required counter in MALFORMED_RESPONSE", () => {
    const page = { data: [{ ...bucket, results: [{ num_model_requests: 1, model: "dall-e-3" }] }], has_more: false };
    try {
      USAGE_ENDPOINT_SPECS.images.parse(page, "images usage");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProviderError);
      expect((e as ProviderError).code).toBe("MALFORMED_RESPONSE");
      expect((e as ProviderError).message).toContain("data[0].results[0].images");
    }
  });
});
