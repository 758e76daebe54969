/**
 * Exact fractions for cost math: a price per 1M tokens times a token count, divided by 3,600 for
 * an hourly price, scaled by a discount, stays exact as num/den bigints; only the final figure is
 * rounded (roundToDecimal), once, so no float error ever reaches a stored amount.
 */
import { formatDecimal, parseDecimal } from "./decimal";

export interface Rational {
  num: bigint;
  den: bigint;
}

export const ZERO: Rational = { num: 0n, den: 1n };

/** A plain decimal string ("0.15", "-2", "1e-7" is refused) as an exact fraction. */
export function rationalFromDecimal(text: string): Rational {
  const d = parseDecimal(text);
  if (!d) throw new RangeError(`not a decimal number: "${text.slice(0, 40)}"`);
  return { num: d.units, den: 10n ** BigInt(d.scale) };
}

/**
 * The decimal a JS number was written as (its shortest round-trip text: 0.15 -> "0.15"), exactly.
 * Price data arrives as JSON numbers; their text is the intended decimal, their binary value is not.
 */
export function rationalFromNumber(n: number): Rational {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return { num: BigInt(n), den: 1n };
  const [mantissa, exp = "0"] = String(n).toLowerCase().split("e");
  const m = rationalFromDecimal(mantissa!);
  const e = Number(exp);
  return e >= 0 ? { num: m.num * 10n ** BigInt(e), den: m.den } : { num: m.num, den: m.den * 10n ** BigInt(-e) };
}

export const mul = (a: Rational, b: Rational): Rational => ({ num: a.num * b.num, den: a.den * b.den });
export const add = (a: Rational, b: Rational): Rational =>
  a.den === b.den ? { num: a.num + b.num, den: a.den } : { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
export const sub = (a: Rational, b: Rational): Rational => add(a, { num: -b.num, den: b.den });
export const divInt = (a: Rational, n: bigint): Rational => ({ num: a.num, den: a.den * n });
export const isZero = (a: Rational) => a.num === 0n;

/** Rounded half away from zero to `scale` fraction digits, as canonical decimal text. */
export function roundToDecimal(a: Rational, scale: number): string {
  const factor = 10n ** BigInt(scale);
  const negative = a.num < 0n !== a.den < 0n;
  const num = (a.num < 0n ? -a.num : a.num) * factor;
  const den = a.den < 0n ? -a.den : a.den;
  let units = num / den;
  if ((num % den) * 2n >= den) units += 1n;
  return formatDecimal({ units: negative ? -units : units, scale });
}
