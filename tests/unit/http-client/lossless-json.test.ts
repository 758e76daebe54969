import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonNumberText, parseJsonKeepingNumbers } from "@/lib/http-client/lossless-json";

/** JsonNumberText -> Number, so the result can be compared with JSON.parse. */
function asNumbers(value: unknown): unknown {
  if (value instanceof JsonNumberText) return Number(value.text);
  if (Array.isArray(value)) return value.map(asNumbers);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asNumbers(v)]));
  }
  return value;
}

describe("parseJsonKeepingNumbers", () => {
  it("reads any JSON like JSON.parse, numbers aside (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(asNumbers(parseJsonKeepingNumbers(text))).toEqual(JSON.parse(text));
      }),
    );
  });

  it("gives each number its source text, and leaves digits inside strings alone", () => {
    const parsed = parseJsonKeepingNumbers(
      '{"a": 0.12000000000000001, "b": [-1.5E-7, 0], "s": "12.50 \\" 3", "k\\"9": 1e2}',
    ) as Record<string, unknown>;
    expect(parsed.a).toEqual(new JsonNumberText("0.12000000000000001"));
    expect(parsed.b).toEqual([new JsonNumberText("-1.5E-7"), new JsonNumberText("0")]);
    expect(parsed.s).toBe('12.50 " 3');
    expect(parsed['k"9']).toEqual(new JsonNumberText("1e2"));
  });

  it("ends a string at a quote after an even run of backslashes, and keeps a __proto__ key an own property", () => {
    const parsed = parseJsonKeepingNumbers('{"p": "dir\\\\", "n": 7, "q": "a\\\\\\"1", "__proto__": 0.10}') as Record<
      string,
      unknown
    >;
    expect(parsed.p).toBe("dir\\");
    expect(parsed.n).toEqual(new JsonNumberText("7"));
    expect(parsed.q).toBe('a\\"1');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, "__proto__")?.value).toEqual(new JsonNumberText("0.10"));
  });

  it.each([["{"], ["01"], ["1."], ["-"], ['{"a": 1x}'], ['"open'], ["<html>"]])("throws on %j", (text) => {
    expect(() => parseJsonKeepingNumbers(text)).toThrow(SyntaxError);
  });
});
