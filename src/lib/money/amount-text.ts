/**
 * A provider's amount as exact decimal text. OpenAI's costs API writes `amount.value` as a JSON
 * number with long float noise (0.12000000000000001, 0.00032195744715549047) or as a numeric
 * string ("12.50"); a JS number would round the first, so amounts are read from the raw JSON text
 * (see src/lib/http-client/lossless-json.ts) and turned into a decimal string here, digit for digit.
 */
import { formatDecimal, parseDecimal } from "./decimal";

const PLAIN = /^-?\d+(?:\.\d+)?$/;
const WITH_EXPONENT = /^(-?(?:\d+(?:\.\d*)?|\.\d+))[eE]([+-]?\d{1,4})$/;
/** No real amount is smaller than 1e-40 or larger than 1e40 dollars; beyond that is an attack or a bug. */
const MAX_EXPONENT = 40;
const MAX_LENGTH = 80;

/**
 * The exact decimal text of a JSON number token or a numeric string: plain decimals come back as
 * sent ("12.50" stays "12.50", so the stored value is what the provider wrote); exponent forms
 * ("1.5e-7") are expanded without rounding. Null for anything else (spaces, NaN, hex, empty).
 */
export function decimalFromAmountText(text: string): string | null {
  if (text.length === 0 || text.length > MAX_LENGTH) return null;
  if (PLAIN.test(text)) return text;
  const m = WITH_EXPONENT.exec(text);
  if (!m) return null;
  const mantissa = parseDecimal(m[1]!);
  const exponent = Number(m[2]);
  if (!mantissa || Math.abs(exponent) > MAX_EXPONENT) return null;
  const scale = mantissa.scale - exponent;
  return scale >= 0
    ? formatDecimal({ units: mantissa.units, scale })
    : formatDecimal({ units: mantissa.units * 10n ** BigInt(-scale), scale: 0 });
}
