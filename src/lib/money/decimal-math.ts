/**
 * Comparison, scaling and rounded division of decimal strings, for budgets, forecasts and
 * anomaly rules: bigint units underneath (./decimal.ts), never a float.
 */
import { formatDecimal, parseDecimal, type ScaledDecimal } from "./decimal";

export function toScaled(text: string): ScaledDecimal {
  const d = parseDecimal(text);
  if (!d) throw new RangeError(`not a decimal number: "${text.slice(0, 40)}"`);
  return d;
}

function align(a: ScaledDecimal, b: ScaledDecimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = align(toScaled(a), toScaled(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimals(a: string, b: string): string {
  const [x, y, scale] = align(toScaled(a), toScaled(b));
  return formatDecimal({ units: x + y, scale });
}

export function subtractDecimals(a: string, b: string): string {
  const [x, y, scale] = align(toScaled(a), toScaled(b));
  return formatDecimal({ units: x - y, scale });
}

export function multiplyDecimals(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  return formatDecimal({ units: x.units * y.units, scale: x.scale + y.scale });
}

/** a / divisor (a positive integer), rounded half away from zero to `places` fraction digits. */
export function divideDecimal(a: string, divisor: bigint, places: number): string {
  if (divisor <= 0n) throw new RangeError("divisor must be a positive integer");
  const x = toScaled(a);
  // units × 10^(places - scale) / divisor, kept integral by scaling the numerator first.
  const shift = places - x.scale;
  const numerator = shift >= 0 ? x.units * 10n ** BigInt(shift) : x.units;
  const denominator = shift >= 0 ? divisor : divisor * 10n ** BigInt(-shift);
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return formatDecimal({ units: negative ? -q : q, scale: places });
}

/** Rounded half away from zero to `places` fraction digits. */
export function roundDecimal(a: string, places: number): string {
  return divideDecimal(a, 1n, places);
}

export const maxDecimal = (a: string, b: string) => (compareDecimals(a, b) >= 0 ? a : b);

/**
 * Decimal strings as integers on one scale (the finest among them, plus `extraDigits`), so a series
 * is parsed once and then compared or summed as bigints.
 */
export function onOneScale(texts: readonly string[], extraDigits = 0): { units: bigint[]; scale: number } {
  const parsed = texts.map(toScaled);
  const scale = parsed.reduce((m, d) => Math.max(m, d.scale), 0) + extraDigits;
  return { units: parsed.map((d) => d.units * 10n ** BigInt(scale - d.scale)), scale };
}

export const compareBigints = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted copy, smallest first. */
export function sortDecimals(values: readonly string[]): string[] {
  // Parsed once and put on one scale: comparing the strings pairwise parsed each one log(n) times.
  const { units } = onOneScale(values);
  return values
    .map((text, i) => ({ text, key: units[i]! }))
    .sort((a, b) => compareBigints(a.key, b.key))
    .map((k) => k.text);
}

/** Canonical form of a decimal string ("12.50" -> "12.5"). */
export function canonicalDecimal(text: string): string {
  // Postgres prints numeric without leading zeros or "-0": trimming the fraction's zeros is enough.
  if (PG_NUMERIC.test(text)) {
    const trimmed = text.includes(".") ? text.replace(/\.?0+$/, "") : text;
    return trimmed === "-0" ? "0" : trimmed;
  }
  return formatDecimal(toScaled(text));
}

const PG_NUMERIC = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** Fixed `places` digits for display and APIs: "12.5" -> "12.50". */
export function fixedDecimal(text: string, places = 2): string {
  const rounded = toScaled(roundDecimal(text, places));
  const negative = rounded.units < 0n;
  const digits = (negative ? -rounded.units : rounded.units).toString().padStart(rounded.scale + 1, "0");
  const scaled = digits + "0".repeat(places - rounded.scale);
  const int = scaled.slice(0, scaled.length - places) || "0";
  const frac = scaled.slice(scaled.length - places);
  return `${negative ? "-" : ""}${int}${places ? `.${frac}` : ""}`;
}
