import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonKeepingNumbers } from "@/lib/http-client/lossless-json";
import { decimalFromAmountText } from "@/lib/money/amount-text";
import { formatDecimal, parseDecimal } from "@/lib/money/decimal";
import { costsResultSchema } from "@/lib/providers/openai/costs-schemas";

/** Any plain decimal as a provider might write it: optional minus, digits, optional fraction (zeros kept). */
const decimalText = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 25n }),
    fc.option(fc.stringMatching(/^\d{1,25}$/), { nil: undefined }),
  )
  .map(([negative, int, frac]) => `${negative ? "-" : ""}${int}${frac === undefined ? "" : `.${frac}`}`);

/** The amount of a costs result whose value is `json` (a JSON number token or a JSON string). */
const amountOf = (json: string) => {
  const body = parseJsonKeepingNumbers(
    `{"object":"organization.costs.result","amount":{"value":${json},"currency":"usd"}}`,
  );
  return costsResultSchema.parse(body).amount?.value;
};

describe("decimalFromAmountText", () => {
  it("returns any plain decimal string exactly as sent (property)", () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        expect(decimalFromAmountText(text)).toBe(text);
      }),
    );
  });

  it("keeps every digit of a JSON number token and of a numeric string through the costs schema (property)", () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        // JSON numbers cannot have leading zeros; strings can.
        const token = text.replace(/^(-?)0+(?=\d)/, "$1");
        expect(amountOf(token)).toBe(token);
        expect(amountOf(JSON.stringify(text))).toBe(text);
      }),
    );
  });

  it("keeps the float noise a JS number would round away", () => {
    const long = "0.123456789012345678901";
    expect(String(Number(long))).not.toBe(long);
    expect(amountOf(long)).toBe(long);
    expect(amountOf("0.00032195744715549047")).toBe("0.00032195744715549047");
    expect(amountOf("0.12000000000000001")).toBe("0.12000000000000001");
    expect(amountOf('"12.50"')).toBe("12.50");
  });

  it.each([
    ["1.5e-7", "0.00000015"],
    ["12E2", "1200"],
    ["-3.25e+1", "-32.5"],
    ["1e0", "1"],
    ["7.0e-3", "0.007"],
  ])("expands the exponent of %s exactly to %s", (text, plain) => {
    expect(decimalFromAmountText(text)).toBe(plain);
  });

  it("expands any exponent form without losing a digit (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: -30, max: 30 }),
        (units, exp) => {
          const text = `${units}e${exp}`;
          const plain = decimalFromAmountText(text)!;
          const expected =
            exp >= 0
              ? formatDecimal({ units: units * 10n ** BigInt(exp), scale: 0 })
              : formatDecimal({ units, scale: -exp });
          expect(formatDecimal(parseDecimal(plain)!)).toBe(expected);
        },
      ),
    );
  });

  it.each([[""], [" 1"], ["1 "], ["1,5"], ["NaN"], ["Infinity"], ["0x10"], ["1e999"], ["--1"], ["1.2.3"], ["+"]])(
    "refuses %j",
    (text) => {
      expect(decimalFromAmountText(text)).toBeNull();
    },
  );

  it("refuses a non-numeric string amount through the schema with a plain message", () => {
    expect(() => amountOf('"twelve"')).toThrow(/not a decimal amount/);
  });
});
