import { describe, expect, it } from "vitest";
import { COMPLETION_MODELS, EMBEDDING_MODELS } from "../../../scripts/emulator/catalog";
import { estimateCostUsd, findModelPrice, MODEL_PRICES } from "@/lib/pricing";

describe("price table", () => {
  it("matches dated snapshots by the longest prefix that ends at a dash", () => {
    expect(findModelPrice("gpt-4o-mini-2024-07-18")?.prefix).toBe("gpt-4o-mini");
    expect(findModelPrice("gpt-4o-2024-08-06")?.prefix).toBe("gpt-4o");
    expect(findModelPrice("gpt-4o-2024-05-13")?.prefix).toBe("gpt-4o-2024-05-13");
    expect(findModelPrice("gpt-4.1-nano-2025-04-14")?.prefix).toBe("gpt-4.1-nano");
    expect(findModelPrice("o3-mini-2025-01-31")?.prefix).toBe("o3-mini");
    expect(findModelPrice("o3-2025-04-16")?.prefix).toBe("o3");
    expect(findModelPrice("gpt-5")?.prefix).toBe("gpt-5");
    expect(findModelPrice("text-embedding-ada-002-v2")?.prefix).toBe("text-embedding-ada-002");
    expect(findModelPrice("gpt-4-0613")?.prefix).toBe("gpt-4");
    expect(findModelPrice("gpt-4o1")).toBeNull(); // not a snapshot of gpt-4o
    expect(findModelPrice("ft:gpt-4o-mini-2024-07-18:acme:custom:abc")).toBeNull();
    expect(findModelPrice("claude-3-5-sonnet")).toBeNull();
  });

  it("prices every model the emulator generates", () => {
    for (const name of [...COMPLETION_MODELS.map((m) => m.name), ...EMBEDDING_MODELS]) {
      expect(findModelPrice(name), name).not.toBeNull();
    }
  });

  it("keeps amounts as plain decimals with at most three places (exact in SQL numeric)", () => {
    for (const p of MODEL_PRICES) {
      for (const v of [p.input, p.cachedInput, p.output]) if (v !== null) expect(v).toMatch(/^\d+(\.\d{1,3})?$/);
    }
    expect(new Set(MODEL_PRICES.map((p) => p.prefix)).size).toBe(MODEL_PRICES.length);
  });

  it("bills cached input at the cached price, halves batch, and knows nothing of unknown models", () => {
    const sums = { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 };
    // gpt-4o-mini: 0.6M x $0.15 + 0.4M x $0.075 + 0.1M x $0.60
    expect(estimateCostUsd("gpt-4o-mini-2024-07-18", sums, false)).toBeCloseTo(0.09 + 0.03 + 0.06, 12);
    expect(estimateCostUsd("gpt-4o-mini-2024-07-18", sums, true)).toBeCloseTo(0.09, 12);
    expect(estimateCostUsd("gpt-4o-mini", sums, null)).toBeCloseTo(0.18, 12);
    // No cached price: cached input costs like input.
    expect(estimateCostUsd("gpt-3.5-turbo-0125", sums, false)).toBeCloseTo(0.5 + 0.15, 12);
    expect(estimateCostUsd("mystery", sums, false)).toBeNull();
  });
});
