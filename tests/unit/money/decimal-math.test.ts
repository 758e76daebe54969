import { describe, expect, it } from "vitest";
import {
  compareDecimals,
  divideDecimal,
  fixedDecimal,
  multiplyDecimals,
  subtractDecimals,
} from "@/lib/money/decimal-math";

describe("decimal math", () => {
  it("compares across scales", () => {
    expect(compareDecimals("1.10", "1.1")).toBe(0);
    expect(compareDecimals("0.3", "0.29999999999")).toBe(1);
    expect(compareDecimals("-2", "1")).toBe(-1);
  });

  it("multiplies and subtracts exactly (no 0.1 + 0.2 drift)", () => {
    expect(multiplyDecimals("0.1", "3")).toBe("0.3");
    expect(subtractDecimals("0.3", "0.1")).toBe("0.2");
  });

  it("divides with half-away-from-zero rounding", () => {
    expect(divideDecimal("70", 7n, 2)).toBe("10");
    expect(divideDecimal("1", 3n, 6)).toBe("0.333333");
    expect(divideDecimal("2", 3n, 2)).toBe("0.67");
    expect(divideDecimal("0.005", 1n, 2)).toBe("0.01");
    expect(divideDecimal("-0.005", 1n, 2)).toBe("-0.01");
  });

  it("prints fixed cents", () => {
    expect(fixedDecimal("12.5")).toBe("12.50");
    expect(fixedDecimal("0")).toBe("0.00");
    expect(fixedDecimal("1234.567")).toBe("1234.57");
    expect(fixedDecimal("-0.004")).toBe("0.00");
  });
});
