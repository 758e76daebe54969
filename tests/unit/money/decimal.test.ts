import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centsToDollars, formatDecimal, parseDecimal, sumDecimals } from "@/lib/money/decimal";

describe("centsToDollars", () => {
  it.each([
    ["123.4567", "1.234567"],
    ["0.01", "0.0001"],
    ["100", "1"],
    ["1", "0.01"],
    ["0", "0"],
    ["-0", "0"],
    ["-250.5", "-2.505"],
    ["000012.3400", "0.1234"],
    [".5", "0.005"],
    ["99999999999999999999.99", "999999999999999999.9999"],
  ])("%s cents = %s dollars exactly", (cents, dollars) => {
    expect(centsToDollars(cents)).toBe(dollars);
  });

  it.each([["1e-3"], ["12,50"], [" 1"], [""], ["."], ["NaN"], ["Infinity"], ["1.2.3"], ["0x10"]])(
    "refuses %j",
    (text) => {
      expect(centsToDollars(text)).toBeNull();
    },
  );

  it("never loses a digit: dollars x 100 is the cents again (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 12 }),
        (units, scale) => {
          const cents = formatDecimal({ units, scale });
          const dollars = centsToDollars(cents)!;
          const back = parseDecimal(dollars)!;
          const original = parseDecimal(cents)!;
          // back * 100 == original, cross-multiplied to stay in integers.
          expect(back.units * 100n * 10n ** BigInt(original.scale)).toBe(original.units * 10n ** BigInt(back.scale));
        },
      ),
    );
  });
});

describe("sumDecimals", () => {
  it("adds exactly where floats drift", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimals(Array.from({ length: 1000 }, () => "0.000001"))).toBe("0.001");
    expect(sumDecimals(["1.5", "-1.5"])).toBe("0");
    expect(sumDecimals(["1.25", "0.5", "2", "-0.005"])).toBe("3.745");
    expect(sumDecimals([])).toBe("0");
  });

  it("throws on a value that is not a decimal", () => {
    expect(() => sumDecimals(["1", "2e3"])).toThrow(/not a decimal/);
  });
});
