/**
 * Display of exact decimal strings (money from the server): rounded and grouped with bigint
 * arithmetic, so "1234.565" shows "$1,234.57" without passing through a float.
 */
import { parseDecimal, type ScaledDecimal } from "@/lib/money/decimal";

function rescaled(d: ScaledDecimal, scale: number): bigint {
  if (scale >= d.scale) return d.units * 10n ** BigInt(scale - d.scale);
  const div = 10n ** BigInt(d.scale - scale);
  const negative = d.units < 0n;
  const abs = negative ? -d.units : d.units;
  const q = abs / div + ((abs % div) * 2n >= div ? 1n : 0n);
  return negative ? -q : q;
}

/** a < b: -1, equal: 0, a > b: 1 (unparseable sorts as 0). */
export function compareDecimal(a: string, b: string): number {
  const [x, y] = [parseDecimal(a), parseDecimal(b)];
  if (!x || !y) return 0;
  const scale = Math.max(x.scale, y.scale);
  const diff = rescaled(x, scale) - rescaled(y, scale);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** "$1,234.57", "-$0.50", "<$0.01" for a tiny non-zero amount, "—" for null. */
export function formatUsdText(value: string | null): string {
  if (value === null) return "—";
  const d = parseDecimal(value);
  if (!d) return value;
  const cents = rescaled(d, 2);
  if (cents === 0n && d.units !== 0n) return d.units > 0n ? "<$0.01" : ">-$0.01";
  const negative = cents < 0n;
  const text = (negative ? -cents : cents).toString().padStart(3, "0");
  return `${negative ? "-" : ""}$${group(text.slice(0, -2))}.${text.slice(-2)}`;
}

/** A capture rate "0.980392" as "98.04%"; "—" for null. */
export function formatRate(value: string | null): string {
  if (value === null) return "—";
  const d = parseDecimal(value);
  if (!d) return value;
  const basis = rescaled(d, 4);
  const negative = basis < 0n;
  const text = (negative ? -basis : basis).toString().padStart(3, "0");
  return `${negative ? "-" : ""}${group(text.slice(0, -2))}.${text.slice(-2)}%`;
}

/** For plotting only (a chart needs numbers): never summed or shown as text. */
export const plotNumber = (value: string) => Number(value);
