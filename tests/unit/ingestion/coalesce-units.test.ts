/**
 * Results of one batch that share a dedupe key are summed before the upsert; the endpoint and the
 * new group keys are part of that key, and unit counters stay null when nobody reported them.
 */
import { describe, expect, it } from "vitest";
import { coalesceRecords } from "@/lib/ingestion/persist";
import type { ProviderUsageRecord } from "@/lib/providers/types";

const row = (over: Partial<ProviderUsageRecord> = {}): ProviderUsageRecord => ({
  provider: "openai",
  source: "images",
  endpoint: "images",
  model: "dall-e-3",
  windowStart: new Date("2026-10-01T00:00:00Z"),
  windowEnd: new Date("2026-10-02T00:00:00Z"),
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  requests: 1,
  projectId: "proj_1",
  apiKeyId: "key_1",
  providerUserId: null,
  serviceTier: null,
  batch: null,
  images: 2,
  imageSize: "1024x1024",
  imageSource: "image.generation",
  ...over,
});

describe("coalesceRecords with usage endpoints", () => {
  it("sums the unit counters of two halves of one bucket", () => {
    const [one, ...rest] = coalesceRecords([row(), row({ images: 3, requests: 2 })]);
    expect(rest).toEqual([]);
    expect(one).toMatchObject({ images: 5, requests: 3, characters: null, usageBytes: null, toolCalls: null });
  });

  it("keeps rows apart that differ only in endpoint, size, source, context level or vector store", () => {
    const rows = coalesceRecords([
      row(),
      row({ endpoint: "moderations" }),
      row({ imageSize: "256x256" }),
      row({ imageSource: "image.edit" }),
      row({ contextLevel: "high" }),
      row({ vectorStoreId: "vs_1" }),
    ]);
    expect(rows).toHaveLength(6);
  });

  it("keeps a missing group apart from an empty one, as the unique index does", () => {
    expect(coalesceRecords([row({ projectId: null }), row({ projectId: "" })])).toHaveLength(2);
    expect(coalesceRecords([row({ contextLevel: undefined }), row({ contextLevel: "" })])).toHaveLength(2);
  });

  it("never changes the rows it was given, also when it sums three into one", () => {
    const given = [row(), row({ images: 3 }), row({ images: 4 })];
    const before = structuredClone(given);
    const [one] = coalesceRecords(given);
    expect(one).toMatchObject({ images: 9 });
    expect(given).toEqual(before);
  });

  it("treats a missing endpoint as completions", () => {
    expect(coalesceRecords([row({ endpoint: undefined }), row({ endpoint: "completions" })])).toHaveLength(1);
  });

  it("adds audio seconds and token details, null + value = value", () => {
    const [one] = coalesceRecords([
      row({ audioSeconds: 20, inputAudioTokens: null }),
      row({ audioSeconds: 1.5, inputAudioTokens: 7 }),
    ]);
    expect(one).toMatchObject({ audioSeconds: 21.5, inputAudioTokens: 7, outputImageTokens: null });
  });
});
