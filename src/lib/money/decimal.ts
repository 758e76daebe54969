/**
 * Exact decimal arithmetic on strings, for money: a decimal is held as a bigint of units and a
 * scale (number of fraction digits), so "123.4567" cents becomes "1.234567" dollars without ever
 * passing through a float.
 */

export interface ScaledDecimal {
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const MAX_DIGITS = 60;

/** Parses "12", "-0.5", ".25", "+3."; null for anything else (exponents, spaces, empty, NaN). */
export function parseDecimal(text: string): ScaledDecimal | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const [, sign, int = "", frac = ""] = m;
  if (int === "" && frac === "") return null;
  if (int.length + frac.length > MAX_DIGITS) return null;
  const magnitude = BigInt((int || "0") + frac);
  return { units: sign === "-" ? -magnitude : magnitude, scale: frac.length };
}

/** Canonical text: no leading zeros, no trailing fraction zeros, no "-0". */
export function formatDecimal({ units, scale }: ScaledDecimal): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, "");
  const text = frac ? `${int}.${frac}` : int;
  return negative && text !== "0" ? `-${text}` : text;
}

/** value × 10^-places, exactly: shiftDecimal("123.4567", 2) = "1.234567". */
export function shiftDecimalLeft(value: ScaledDecimal, places: number): ScaledDecimal {
  return { units: value.units, scale: value.scale + places };
}

function rescale(value: ScaledDecimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** Exact sum of decimal strings; throws on a string that is not a plain decimal. */
export function sumDecimals(values: readonly string[]): string {
  const parsed = values.map((v) => {
    const d = parseDecimal(v);
    if (!d) throw new RangeError(`not a decimal number: "${v.slice(0, 40)}"`);
    return d;
  });
  const scale = Math.max(0, ...parsed.map((d) => d.scale));
  const units = parsed.reduce((acc, d) => acc + rescale(d, scale), 0n);
  return formatDecimal({ units, scale });
}

/** Cents written as a decimal string (Anthropic's cost report) -> dollars, exactly. */
export function centsToDollars(cents: string): string | null {
  const parsed = parseDecimal(cents);
  return parsed ? formatDecimal(shiftDecimalLeft(parsed, 2)) : null;
}
