import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { credentialsSchema, signInSchema } from "@/lib/auth/schemas";
import { createKeySchema, updateKeySchema } from "@/lib/keys/schemas";
import { safeText, textProblem } from "@/lib/text/safe-text";
import { formatZodError } from "@/lib/validation";

const label = safeText({ field: "label", max: 100, min: 1 });
const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};
const CONTROL = "label must not contain control characters (including line breaks and tabs)";
const BROKEN = "label must be valid Unicode text (it holds a broken character)";

describe("the shared text rule", () => {
  it("refuses NUL, CR, LF, TAB, DEL and C1 controls anywhere in a single-line field, in plain words", () => {
    for (const value of [
      "a\u0000b",
      "\u0000",
      "sk-key\r\n",
      "a\nb",
      "a\rb",
      "a\tb",
      "\ta",
      "a\u007f",
      "a\u0085b",
      "a\u009f",
    ]) {
      expect(messages(label, value), JSON.stringify(value)).toEqual([CONTROL]);
    }
    expect(messages(label, "a\u2028b")).toEqual([CONTROL]);
  });

  it("refuses lone surrogates and accepts real surrogate pairs (emoji)", () => {
    for (const value of ["\uD800", "a\uD800b", "\uDC00", "x\uDFFF", "\uDC00\uD800", "😀".slice(0, 1)]) {
      expect(messages(label, value), JSON.stringify(value)).toEqual([BROKEN]);
    }
    expect(label.parse("Team 😀 keys")).toBe("Team 😀 keys");
    expect(label.parse("Équipe 東京 ✓")).toBe("Équipe 東京 ✓");
  });

  it("reports only the control characters of a long hostile string, and refuses 10k characters by length", () => {
    expect(messages(label, "\u0000".repeat(10_000))).toEqual([CONTROL]);
    expect(messages(label, "x".repeat(10_000))).toEqual(["label must be at most 100 characters"]);
    expect(safeText({ field: "note", max: 10_000 }).parse("x".repeat(10_000))).toHaveLength(10_000);
  });

  it("trims by default, keeps spaces when asked, and says required, empty and wrong type apart", () => {
    expect(label.parse("  Production  ")).toBe("Production");
    expect(safeText({ field: "password", max: 10, trim: false }).parse("  pw  ")).toBe("  pw  ");
    expect(messages(label, undefined)).toEqual(["label is required"]);
    expect(messages(label, "   ")).toEqual(["label must not be empty"]);
    expect(messages(label, 42)).toEqual(["label must be text"]);
  });

  it("lets multi-line fields hold line breaks and tabs, but never NUL", () => {
    const note = { field: "note", multiline: true };
    expect(textProblem("line one\r\nline two\tend", note)).toBeNull();
    expect(textProblem("a\u0000b", note)).toBe("note must not contain control characters");
    expect(textProblem("a\u000bb", note)).toBe("note must not contain control characters");
  });

  it("accepts every string of printable characters and refuses every string holding a control character", () => {
    const printable = fc
      .string({ unit: "grapheme", maxLength: 40 })
      .filter((s) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s) && s.trim() === s && s.length > 0);
    fc.assert(
      fc.property(printable, (s) => {
        expect(textProblem(s, { field: "x" })).toBeNull();
      }),
      { seed: 8, numRuns: 300 },
    );
    const control = fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f);
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), control, fc.string({ maxLength: 20 }), (a, c, b) => {
        expect(textProblem(`${a}${String.fromCharCode(c)}${b}`, { field: "x" })).not.toBeNull();
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});

describe("the rule at the key and account boundaries", () => {
  const key = { provider: "openai", label: "Prod", apiKey: "sk-admin-TESTONLY0123456789" };

  it("refuses a NUL in each key field and a CRLF in the API key, create and update alike", () => {
    const cases: [string, string][] = [
      ["label", "Prod\u0000"],
      ["apiKey", "sk-admin-TESTONLY\u00000123456789"],
      ["apiKey", "sk-admin-TESTONLY0123456789\r\n"],
      ["organizationId", "org\u0000x"],
      ["projectId", "proj\u0000x"],
    ];
    for (const [field, value] of cases) {
      for (const schema of [createKeySchema, updateKeySchema]) {
        const r = schema.safeParse({ ...(schema === createKeySchema ? key : {}), [field]: value });
        expect(r.success, `${field}=${JSON.stringify(value)}`).toBe(false);
        expect(formatZodError(r.error!)).toBe(
          `${field} must not contain control characters (including line breaks and tabs)`,
        );
      }
    }
    expect(createKeySchema.parse(key).apiKey).toBe(key.apiKey);
  });

  it("refuses control characters and broken Unicode in email and password", () => {
    const good = { email: "ana@example.com", password: "correct horse battery" };
    for (const schema of [credentialsSchema, signInSchema]) {
      expect(schema.safeParse(good).success).toBe(true);
      for (const bad of [
        { ...good, email: "ana@example.com\u0000" },
        { ...good, email: "ana@exam\r\nple.com" },
        { ...good, password: "correct horse\u0000battery" },
        { ...good, password: "correct horse \uD800battery" },
      ]) {
        expect(schema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
      }
    }
    expect(credentialsSchema.parse({ ...good, password: "  spaced password  " }).password).toBe("  spaced password  ");
  });

  it("never echoes a hostile unknown field name as it came", () => {
    const r = createKeySchema.safeParse({ ...key, ["x\u0000\r\n" + "y".repeat(100)]: 1 });
    const message = formatZodError(r.error!);
    expect(message).toMatch(/^unknown field: x\?\?\?y+\.\.\.$/);
    expect(message.length).toBeLessThan(70);
  });
});
