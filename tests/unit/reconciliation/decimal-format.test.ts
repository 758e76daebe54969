import { describe, expect, it } from "vitest";
import { compareDecimal, formatRate, formatUsdText } from "@/components/money/decimal-format";

describe("money shown from exact decimal strings", () => {
  it.each([
    ["1234.565", "$1,234.57"],
    ["1234.564999999999999999", "$1,234.56"],
    ["0", "$0.00"],
    ["0.004", "<$0.01"],
    ["-0.5", "-$0.50"],
    ["9007199254740993.01", "$9,007,199,254,740,993.01"],
    ["12", "$12.00"],
  ])("%s -> %s", (value, shown) => {
    expect(formatUsdText(value)).toBe(shown);
  });

  it("shows a capture rate as a percent with two decimals", () => {
    expect(formatRate("0.980392")).toBe("98.04%");
    expect(formatRate("1")).toBe("100.00%");
    expect(formatRate(null)).toBe("—");
  });

  it("compares amounts exactly, beyond float precision", () => {
    expect(compareDecimal("9007199254740993", "9007199254740992")).toBe(1);
    expect(compareDecimal("0.1", "0.10")).toBe(0);
    expect(compareDecimal("-2", "1.5")).toBe(-1);
  });
});
