import { describe, expect, it } from "vitest";
import {
  completionsPageSchema,
  embeddingsPageSchema,
  legacyUsageResponseSchema,
  openAIErrorMessage,
  parseOrMalformed,
} from "@/lib/providers/openai/schemas";
import { normalizeCompletionsResult, normalizeEmbeddingsResult } from "@/lib/providers/openai/normalize";
import { ProviderError } from "@/lib/providers/types";

const bucket = { start_time: 1730419200, end_time: 1730505600 };

describe("OpenAI usage schemas", () => {
  it("parses OpenAI's documented completions example (all group keys null)", () => {
    const page = completionsPageSchema.parse({
      object: "page",
      data: [
        {
          object: "bucket",
          ...bucket,
          results: [
            {
              object: "organization.usage.completions.result",
              input_tokens: 1000,
              input_cached_tokens: 400,
              input_cache_write_tokens: 100,
              output_tokens: 500,
              num_model_requests: 5,
              project_id: null,
              user_id: null,
              api_key_id: null,
              model: null,
              batch: null,
              service_tier: null,
            },
          ],
        },
      ],
      has_more: true,
      next_page: "page_AAAAAGdGxdEiJdKOAAAAAGcqsYA=",
    });
    expect(normalizeCompletionsResult(page.data[0], page.data[0].results[0])).toEqual({
      provider: "openai",
      source: "completions",
      model: "unknown",
      windowStart: new Date("2024-11-01T00:00:00Z"),
      windowEnd: new Date("2024-11-02T00:00:00Z"),
      inputTokens: 1000,
      outputTokens: 500,
      cachedInputTokens: 400,
      requests: 5,
      projectId: null,
      apiKeyId: null,
      providerUserId: null,
      serviceTier: null,
      batch: null,
      endpoint: "completions",
      // input_cache_write_tokens has no lifetime at OpenAI: stored as ordinary (5-minute column) writes.
      cacheWrite5mTokens: 100,
      inputAudioTokens: null,
      inputCachedAudioTokens: null,
      outputAudioTokens: null,
      inputImageTokens: null,
      inputCachedImageTokens: null,
      outputImageTokens: null,
    });
  });

  it("tolerates missing optional fields, nulls and unknown new fields", () => {
    const page = completionsPageSchema.parse({
      data: [
        {
          ...bucket,
          brand_new_bucket_field: 1,
          results: [
            {
              input_tokens: 10,
              output_tokens: 2,
              num_model_requests: 1,
              input_cached_tokens: null,
              model: "gpt-4o-mini",
              batch: true,
              service_tier: "flex",
              some_future_counter: 99,
              output_image_tokens: 3,
            },
          ],
        },
      ],
      has_more: false,
      extra_top_level: { anything: true },
    });
    const r = normalizeCompletionsResult(page.data[0], page.data[0].results[0]);
    expect(r).toMatchObject({
      model: "gpt-4o-mini",
      cachedInputTokens: 0,
      batch: true,
      serviceTier: "flex",
      projectId: null,
      apiKeyId: null,
    });
    expect(page.next_page).toBeUndefined();
  });

  it("maps embeddings with zero output, null batch and tier", () => {
    const page = embeddingsPageSchema.parse({
      object: "page",
      data: [
        {
          object: "bucket",
          ...bucket,
          results: [
            {
              object: "organization.usage.embeddings.result",
              input_tokens: 16,
              num_model_requests: 2,
              project_id: "proj_1",
              user_id: "user_1",
              api_key_id: "key_1",
              model: "text-embedding-3-small",
            },
          ],
        },
      ],
      has_more: false,
      next_page: null,
    });
    expect(normalizeEmbeddingsResult(page.data[0], page.data[0].results[0])).toMatchObject({
      source: "embeddings",
      model: "text-embedding-3-small",
      inputTokens: 16,
      outputTokens: 0,
      cachedInputTokens: 0,
      requests: 2,
      projectId: "proj_1",
      apiKeyId: "key_1",
      providerUserId: "user_1",
      batch: null,
      serviceTier: null,
    });
  });

  it("names the offending field in MALFORMED_RESPONSE", () => {
    const body = { data: [{ ...bucket, results: [{ output_tokens: 1, num_model_requests: 1 }] }], has_more: false };
    try {
      parseOrMalformed(completionsPageSchema, body, "completions usage");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProviderError);
      expect((e as ProviderError).code).toBe("MALFORMED_RESPONSE");
      expect((e as ProviderError).message).toContain("data[0].results[0].input_tokens");
    }
  });

  it("rejects negative or fractional token counts", () => {
    const r = (input_tokens: number) => ({
      data: [{ ...bucket, results: [{ input_tokens, output_tokens: 0, num_model_requests: 0 }] }],
      has_more: false,
    });
    expect(completionsPageSchema.safeParse(r(-1)).success).toBe(false);
    expect(completionsPageSchema.safeParse(r(1.5)).success).toBe(false);
  });

  it("parses a sparse legacy /v1/usage body", () => {
    const parsed = legacyUsageResponseSchema.parse({
      object: "list",
      data: [{ snapshot_id: null, n_requests: 1 }],
      ft_data: [],
      whisper_api_data: [],
    });
    expect(parsed.data[0]).toMatchObject({
      snapshot_id: null,
      n_requests: 1,
      n_context_tokens_total: 0,
      n_generated_tokens_total: 0,
    });
  });

  it("extracts the message from an OpenAI error body", () => {
    expect(
      openAIErrorMessage({
        error: { message: "Incorrect API key", type: "invalid_request_error", code: "invalid_api_key", param: null },
      }),
    ).toBe("Incorrect API key");
    expect(openAIErrorMessage({ nope: true })).toBeUndefined();
  });
});
