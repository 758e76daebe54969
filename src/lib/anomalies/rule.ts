/**
 * The anomaly rule, as a pure function. A closed day's spend is an anomaly when
 *   spend − median > max(k × MAD, floor)
 * where median and MAD (median absolute deviation) are taken over the 28 days before it. Days
 * without spend count as $0; days before the scope's first recorded spend are left out, and a day
 * with fewer than 7 days of history before it is not judged (there is no "normal" yet). The floor
 * (in USD) keeps small absolute jumps ($0.02 to $0.10) and perfectly flat series (MAD = 0) from
 * being news. Exact decimal arithmetic throughout.
 */
import { addDays, daysInRange } from "@/lib/dates";
import {
  addDecimals,
  compareDecimals,
  divideDecimal,
  maxDecimal,
  multiplyDecimals,
  sortDecimals,
  subtractDecimals,
  toScaled,
} from "@/lib/money/decimal-math";

export const ANOMALY_WINDOW_DAYS = 28;
export const ANOMALY_MIN_HISTORY_DAYS = 7;

export interface AnomalyRule {
  /** Multiplier of the MAD, a decimal string (e.g. "3"). */
  k: string;
  /** Smallest jump above the median that counts, USD decimal string (e.g. "5"). */
  floorUsd: string;
}

export interface DayJudgement {
  day: string;
  amountUsd: string;
  medianUsd: string;
  madUsd: string;
  /** median + max(k × MAD, floor): spend above this is an anomaly. */
  thresholdUsd: string;
  anomalous: boolean;
  historyDays: number;
}

/** Median of decimal strings, exact (the mean of the middle two for an even count). */
export function medianOf(values: readonly string[]): string {
  if (values.length === 0) throw new RangeError("median of nothing");
  const sorted = sortDecimals(values);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid]!;
  const sum = addDecimals(sorted[mid - 1]!, sorted[mid]!);
  return divideDecimal(sum, 2n, toScaled(sum).scale + 1);
}

export function madOf(values: readonly string[], median: string): string {
  return medianOf(
    values.map((v) => {
      const d = subtractDecimals(v, median);
      return d.startsWith("-") ? d.slice(1) : d;
    }),
  );
}

/** Judges `day` against the 28 days before it; null when it has fewer than 7 days of history. */
export function judgeDay(
  day: string,
  daily: ReadonlyMap<string, string>,
  firstSpendDay: string | null,
  rule: AnomalyRule,
): DayJudgement | null {
  if (firstSpendDay === null) return null;
  let first = addDays(day, -ANOMALY_WINDOW_DAYS);
  const last = addDays(day, -1);
  if (daysInRange(first, firstSpendDay) > 1) first = firstSpendDay;
  const historyDays = daysInRange(first, last);
  if (historyDays < ANOMALY_MIN_HISTORY_DAYS) return null;
  const history: string[] = [];
  for (let i = 0; i < historyDays; i++) history.push(daily.get(addDays(first, i)) ?? "0");
  const median = medianOf(history);
  const mad = madOf(history, median);
  const threshold = addDecimals(median, maxDecimal(multiplyDecimals(rule.k, mad), rule.floorUsd));
  const amount = daily.get(day) ?? "0";
  return {
    day,
    amountUsd: amount,
    medianUsd: median,
    madUsd: mad,
    thresholdUsd: threshold,
    anomalous: compareDecimals(amount, threshold) > 0,
    historyDays,
  };
}
