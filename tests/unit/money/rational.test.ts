import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, divInt, mul, rationalFromDecimal, rationalFromNumber, roundToDecimal } from "@/lib/money/rational";

describe("exact fractions for cost math", () => {
  it("reads a number as the decimal it was written as, exponents included", () => {
    expect(roundToDecimal(rationalFromNumber(0.15), 20)).toBe("0.15");
    expect(roundToDecimal(rationalFromNumber(1e-7), 10)).toBe("0.0000001");
    expect(roundToDecimal(rationalFromNumber(2.5e21), 0)).toBe("2500000000000000000000");
    expect(() => rationalFromDecimal("1e5")).toThrow(RangeError);
  });

  it("rounds half away from zero, once, at the end", () => {
    expect(roundToDecimal(divInt(rationalFromDecimal("1"), 3n), 4)).toBe("0.3333");
    expect(roundToDecimal(divInt(rationalFromDecimal("2"), 3n), 4)).toBe("0.6667");
    expect(roundToDecimal(rationalFromDecimal("0.00005"), 4)).toBe("0.0001");
    expect(roundToDecimal(rationalFromDecimal("-0.00005"), 4)).toBe("-0.0001");
    expect(roundToDecimal(rationalFromDecimal("-0.00004"), 4)).toBe("0");
  });

  it("adds and multiplies decimals without float error", () => {
    expect(roundToDecimal(add(rationalFromNumber(0.1), rationalFromNumber(0.2)), 10)).toBe("0.3");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 6 }), (tokens, micro) => {
        const price = `${Math.floor(micro / 1000)}.${String(micro % 1000).padStart(3, "0")}`;
        const cost = divInt(mul(rationalFromNumber(tokens), rationalFromDecimal(price)), 1_000_000n);
        const expected = (BigInt(tokens) * BigInt(micro)).toString().padStart(10, "0");
        const text = `${expected.slice(0, -9)}.${expected.slice(-9)}`.replace(/\.?0+$/, "");
        expect(roundToDecimal(cost, 10)).toBe(text === "" ? "0" : text);
      }),
    );
  });
});
