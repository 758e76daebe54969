import { fixedDecimal } from "@/lib/money/decimal-math";

/** "$1,234.50" from a decimal string, rounded to cents without a float on the way. */
export function formatUsdText(amount: string): string {
  const fixed = fixedDecimal(amount);
  const negative = fixed.startsWith("-");
  const [int, frac] = (negative ? fixed.slice(1) : fixed).split(".");
  return `${negative ? "-" : ""}$${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}

/** Whole percent of `part` in `whole` for bars and labels (display only). */
export function percentOf(part: string, whole: string): number {
  const w = Number(whole);
  return w > 0 ? Math.round((Number(part) / w) * 100) : 0;
}
