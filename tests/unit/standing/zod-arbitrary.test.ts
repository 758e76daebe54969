import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createKeySchema, updateKeySchema } from "@/lib/keys/schemas";
import { usageQuerySchema } from "@/lib/analytics";
import { percentEncode } from "../../e2e/fuzz/hostile";
import { zodArbitrary } from "../../e2e/fuzz/zod-arbitrary";

const sample = (arb: fc.Arbitrary<unknown>, n = 300) => fc.sample(arb, { numRuns: n, seed: 42 });
const validShare = (schema: z.ZodType, values: unknown[]) =>
  values.filter((v) => schema.safeParse(v).success).length / values.length;

describe("the zod -> fast-check walker", () => {
  it("mostly produces values the route's schema accepts, so fuzzing gets past validation", () => {
    expect(validShare(createKeySchema, sample(zodArbitrary(createKeySchema)))).toBeGreaterThan(0.4);
    expect(validShare(updateKeySchema, sample(zodArbitrary(updateKeySchema)))).toBeGreaterThan(0.6);
  });

  it("keeps to enums, literals, uuids, length limits and strict objects", () => {
    const schema = z.strictObject({
      mode: z.enum(["a", "b"]),
      kind: z.literal("k"),
      id: z.uuid(),
      name: z.string().min(3).max(5),
      count: z.number().int().min(1).max(9),
      on: z.boolean().optional(),
    });
    const values = sample(zodArbitrary(schema));
    expect(values.length).toBe(300);
    expect(validShare(schema, values)).toBe(1);
  });

  it("splices hostile fragments into strings and swaps in hostile fields when asked", () => {
    const schema = z.strictObject({ label: z.string().min(1).max(20) });
    const values = sample(zodArbitrary(schema, { hostileShare: 0.3, taint: fc.constant("\u0000") })) as Record<
      string,
      unknown
    >[];
    const tainted = values.filter((v) => typeof v.label === "string" && v.label.includes("\u0000"));
    expect(tainted.length).toBeGreaterThan(20);
    expect(tainted.every((v) => (v.label as string).length <= 20)).toBe(true);
    expect(values.filter((v) => typeof v.label !== "string" || Object.keys(v).length > 1).length).toBeGreaterThan(20);
  });

  it("uses a field override where the schema hides its rule behind a refine", () => {
    const values = sample(zodArbitrary(usageQuerySchema, { fields: { start: fc.constant("2024-02-29") } })) as {
      start?: string;
    }[];
    expect(values.filter((v) => v.start !== undefined).length).toBeGreaterThan(0);
    expect(values.every((v) => v.start === undefined || v.start === "2024-02-29")).toBe(true);
  });
});

describe("percent-encoding hostile strings", () => {
  it("writes a lone surrogate as the invalid UTF-8 a broken client sends, and the rest as usual", () => {
    expect(percentEncode("a\uD800b")).toBe("a%ED%A0%80b");
    expect(percentEncode("\u{1F642}&=")).toBe(encodeURIComponent("\u{1F642}&="));
    expect(percentEncode("\u0000")).toBe("%00");
  });
});
