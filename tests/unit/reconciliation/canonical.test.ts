import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDecimal, parseDecimal } from "@/lib/money/decimal";
import { canonical } from "@/lib/reconciliation/reconcile";

/** Text the way Postgres prints numeric, and some that it never does. */
const numericText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
  .map(([negative, units, scale]) => {
    const digits = units.toString().padStart(scale + 1, "0");
    const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
    return negative ? `-${text}` : text;
  });

describe("canonical", () => {
  it("gives the digits parse-and-format gives, for Postgres numeric text and anything else", () => {
    fc.assert(
      fc.property(fc.oneof(numericText, fc.constantFrom("-0.000", "007.50", "+1.0", ".5", "1.", "abc", "")), (text) => {
        const parsed = parseDecimal(text);
        expect(canonical(text)).toBe(parsed ? formatDecimal(parsed) : text);
      }),
      { seed: 11, numRuns: 2000 },
    );
    expect(canonical("1.2300")).toBe("1.23");
    expect(canonical("-0.000")).toBe("0");
    expect(canonical(null)).toBeNull();
  });
});
