/** The emulator's Priority prices and our discount table say the same thing, model by model. */
import { describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { completionsCost, hasPriorityPrice, OPENAI_PRICES } from "../../../scripts/emulator/openai-prices";
import type { CompletionsRow } from "../../../scripts/emulator/types";
import { parseDecimal } from "@/lib/money/decimal";
import { discountFactor } from "@/lib/pricing";

/** OpenAI's published Priority prices, USD per 1M tokens: input, cached input, output. */
const PUBLISHED: Record<string, [number, number, number]> = {
  "gpt-4o-2024-08-06": [4.25, 2.125, 17],
  "gpt-4o-mini-2024-07-18": [0.25, 0.125, 1],
  "gpt-4.1-2025-04-14": [3.5, 0.875, 14],
  "gpt-4.1-mini-2025-04-14": [0.7, 0.175, 2.8],
  "gpt-4.1-nano-2025-04-14": [0.2, 0.05, 0.8],
  "o3-2025-04-16": [3.5, 0.875, 14],
  "o4-mini-2025-04-16": [2, 0.5, 8],
  "gpt-5-2025-08-07": [2.5, 0.25, 20],
  "gpt-5-mini-2025-08-07": [0.45, 0.045, 3.6],
};

const row = (model: string, tier: string | null, over: Partial<CompletionsRow> = {}): CompletionsRow => ({
  input_tokens: 1_000_000,
  output_tokens: 1_000_000,
  input_cached_tokens: 400_000,
  input_audio_tokens: 0,
  output_audio_tokens: 0,
  num_model_requests: 10,
  project_id: "proj_p",
  user_id: null,
  api_key_id: null,
  model,
  batch: false,
  service_tier: tier,
  ...over,
});

describe("priority prices", () => {
  it("are OpenAI's published per-model prices in the emulator, and only those models have one", () => {
    const withPriority = Object.keys(OPENAI_PRICES).filter(hasPriorityPrice).sort();
    expect(withPriority).toEqual(Object.keys(PUBLISHED).sort());
    for (const [model, [input, cached, output]] of Object.entries(PUBLISHED)) {
      expect(OPENAI_PRICES[model]!.priority, model).toEqual({
        input: Math.round(input * 1e4),
        cachedInput: Math.round(cached * 1e4),
        output: Math.round(output * 1e4),
      });
    }
    expect(hasPriorityPrice("ft:gpt-4o-2024-08-06:acme:x:1")).toBe(false);
  });

  it("agree with the discount table's ratio for every token kind (to 1e-9)", () => {
    for (const model of Object.keys(PUBLISHED)) {
      const p = OPENAI_PRICES[model]!;
      const f = parseDecimal(discountFactor({ provider: "openai", model, batch: false, serviceTier: "priority" }))!;
      const scale = 10n ** BigInt(f.scale);
      for (const [standard, priority] of [
        [p.input, p.priority!.input],
        [p.cachedInput, p.priority!.cachedInput],
        [p.output, p.priority!.output],
      ] as const) {
        const expected = BigInt(standard) * f.units; // x scale
        const diff = BigInt(priority) * scale - expected;
        expect((diff < 0n ? -diff : diff) * 1_000_000_000n <= expected, `${model} ${standard} -> ${priority}`).toBe(
          true,
        );
      }
    }
  });

  it("bill a priority row at the priority price, and a model without one at the default tier", () => {
    const gpt4o = completionsCost(row("gpt-4o-2024-08-06", "priority"));
    expect(gpt4o.map((a) => [a.line_item, a.units])).toEqual([
      // 600k x $4.25, 400k x $2.125, 1M x $17 per 1M, in 1e-11 USD
      ["gpt-4o-2024-08-06, input (priority)", 255_000_000_000n],
      ["gpt-4o-2024-08-06, cached input (priority)", 85_000_000_000n],
      ["gpt-4o-2024-08-06, output (priority)", 1_700_000_000_000n],
    ]);
    const nano = completionsCost(row("gpt-5-nano-2025-08-07", "priority"));
    expect(nano.map((a) => [a.line_item, a.units])).toEqual(
      completionsCost(row("gpt-5-nano-2025-08-07", "default")).map((a) => [a.line_item, a.units]),
    );
    expect(nano.every((a) => !a.line_item.includes("priority")) && nano.length === 3).toBe(true);
  });

  it("are only reported by the emulator's dataset for models that have one", () => {
    const dataset = generateDataset({
      seed: 4242,
      projects: 3,
      apiKeysPerProject: 3,
      users: 3,
      models: 17,
      days: 20,
      endDate: "2026-10-31",
      density: 0.8,
      anthropic: false,
    });
    const rows: CompletionsRow[] = [];
    for (let d = 0; d < 20; d++)
      rows.push(...dataset.dayUsage(Date.parse("2026-10-12T00:00:00Z") / 1000 + d * 86_400).completions);
    const priority = rows.filter((r) => r.service_tier === "priority");
    expect(priority.length).toBeGreaterThan(10);
    expect(priority.filter((r) => !hasPriorityPrice(r.model!)).map((r) => r.model)).toEqual([]);
    // The models without a priority price still get the other tiers.
    expect(rows.some((r) => !hasPriorityPrice(r.model!) && r.service_tier === "default")).toBe(true);
  });
});
