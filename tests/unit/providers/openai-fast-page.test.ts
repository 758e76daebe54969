import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COMPLETIONS_RULES,
  EMBEDDINGS_RULES,
  readUsagePageFast,
  type ResultRules,
} from "@/lib/providers/openai/fast-page";
import { completionsPageSchema, embeddingsPageSchema } from "@/lib/providers/openai/schemas";
import { USAGE_ENDPOINT_SPECS } from "@/lib/providers/openai/usage-endpoints";
import { ProviderError } from "@/lib/providers/types";

/** Values a field may carry: the valid ones for each rule and the kinds zod refuses. */
const anyValue = fc.oneof(
  fc.constantFrom(undefined, null, true, false, "", "proj_1", -1, 1.5, 2 ** 60, [], {}),
  fc.nat({ max: 10_000 }),
);
const validValue = (rule: ResultRules[string]) =>
  rule === "groupKey"
    ? fc.constantFrom(null, undefined, "proj_1", "")
    : rule === "nullableBoolean"
      ? fc.constantFrom(null, undefined, true, false)
      : rule === "count"
        ? fc.nat({ max: 1_000_000 })
        : fc.constantFrom(null, undefined, 0, 42);

const result = (rules: ResultRules, valid: boolean) =>
  fc.record(
    {
      ...Object.fromEntries(Object.entries(rules).map(([k, rule]) => [k, valid ? validValue(rule) : anyValue])),
      object: valid ? fc.constant("organization.usage.completions.result") : fc.constantFrom(undefined, null, "o", 3),
      extra_field: fc.constantFrom("kept", 7),
    },
    { requiredKeys: (valid ? Object.keys(rules).filter((k) => rules[k] === "count") : []) as never[] },
  );

const page = (rules: ResultRules, valid: boolean) =>
  fc.record({
    object: fc.constant("page"),
    data: fc.array(
      fc.record({
        start_time: valid ? fc.nat() : fc.oneof(fc.nat(), fc.constantFrom(1.5, "1", null)),
        end_time: fc.nat(),
        results: fc.array(result(rules, valid), { maxLength: 4 }),
      }),
      { maxLength: 3 },
    ),
    has_more: valid ? fc.boolean() : fc.constantFrom(true, "yes", undefined),
    next_page: fc.constantFrom(undefined, null, "page_2"),
  });

const cases = [
  { name: "completions", rules: COMPLETIONS_RULES, schema: completionsPageSchema },
  { name: "embeddings", rules: EMBEDDINGS_RULES, schema: embeddingsPageSchema },
] as const;

describe.each(cases)("the fast usage page check ($name)", ({ name, rules, schema }) => {
  it("accepts only what zod accepts, and returns what zod returns", () => {
    let accepted = 0;
    fc.assert(
      fc.property(page(rules, false), (body) => {
        // The check writes zod's defaults into the page it reads: zod judges an untouched copy.
        const original = structuredClone(body);
        const fast = readUsagePageFast(rules, body);
        const zod = schema.safeParse(original);
        if (fast === null) {
          // Declined (maybe half-way): zod on what is left gives the same verdict and message.
          const after = schema.safeParse(body);
          expect(after.success).toBe(zod.success);
          expect(after.error?.issues).toEqual(zod.error?.issues);
          return;
        }
        accepted++;
        expect(zod.success).toBe(true);
        expect(fast).toEqual(zod.data);
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it("takes every well-formed page without zod, with zod's output", () => {
    fc.assert(
      fc.property(page(rules, true), (body) => {
        const original = structuredClone(body);
        const fast = readUsagePageFast(rules, body);
        expect(fast).not.toBeNull();
        expect(fast).toEqual(schema.parse(original));
      }),
      { numRuns: 200 },
    );
  });

  it("leaves a malformed page to zod, whose message names the field", () => {
    const body = {
      object: "page",
      has_more: false,
      data: [{ start_time: 0, end_time: 86400, results: [{ input_tokens: 5, num_model_requests: -1 }] }],
    };
    expect(readUsagePageFast(rules, body)).toBeNull();
    const parse = () => USAGE_ENDPOINT_SPECS[name].parse(body, "usage");
    expect(parse).toThrow(ProviderError);
    expect(parse).toThrow(/data\[0\]\.results\[0\]\.num_model_requests/);
  });
});
