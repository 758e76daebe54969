/**
 * The anomaly rule, as a pure function. A closed day's spend is an anomaly when
 *   spend − median > max(k × MAD, floor)
 * where median and MAD (median absolute deviation) are taken over the 28 days before it. Days
 * without spend count as $0; days before the scope's first recorded spend are left out, and a day
 * with fewer than 7 days of history before it is not judged (there is no "normal" yet). The floor
 * (in USD) keeps small absolute jumps ($0.02 to $0.10) and perfectly flat series (MAD = 0) from
 * being news. Exact decimal arithmetic throughout.
 */
import { formatEpochDay, parseEpochDay } from "@/lib/dates";
import { formatDecimal } from "@/lib/money/decimal";
import {
  addDecimals,
  compareBigints,
  compareDecimals,
  divideDecimal,
  maxDecimal,
  multiplyDecimals,
  onOneScale,
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

/** Median of integers already sorted, doubled (so the mean of the middle two stays an integer). */
function doubledMedian(sorted: readonly bigint[]): bigint {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? 2n * sorted[mid]! : sorted[mid - 1]! + sorted[mid]!;
}

/**
 * Judges every day of start..end of one series (UTC day -> spend) whose first recorded spend is
 * firstSpendDay; days with fewer than 7 days of history are left out. The series is parsed once
 * onto one integer scale (two extra digits: a median and then a MAD may each halve), so a month of
 * days for every project costs a few milliseconds; the figures are the exact decimals the rule defines.
 */
export function judgeSeries(
  start: string,
  end: string,
  daily: ReadonlyMap<string, string>,
  firstSpendDay: string | null,
  rule: AnomalyRule,
): DayJudgement[] {
  if (firstSpendDay === null) return [];
  const firstSpend = parseEpochDay(firstSpendDay)!;
  const from = parseEpochDay(start)!;
  const to = parseEpochDay(end)!;
  const origin = from - ANOMALY_WINDOW_DAYS;
  const inRange = [...daily].flatMap(([day, amount]) => {
    const epoch = parseEpochDay(day);
    return epoch === null || epoch < origin || epoch > to ? [] : [{ epoch, amount }];
  });
  const { units, scale: exact } = onOneScale(
    inRange.map((d) => d.amount),
    2,
  );
  const values: bigint[] = new Array<bigint>(to - origin + 1).fill(0n);
  inRange.forEach((d, i) => (values[d.epoch - origin] = units[i]!));
  const out: DayJudgement[] = [];
  for (let e = from; e <= to; e++) {
    const first = Math.max(e - ANOMALY_WINDOW_DAYS, firstSpend);
    const historyDays = e - first;
    if (historyDays < ANOMALY_MIN_HISTORY_DAYS) continue;
    const history = values.slice(first - origin, e - origin).sort(compareBigints);
    // Both medians come out doubled; 100 units at the extra two digits make them exact integers.
    const median = doubledMedian(history) / 2n;
    const deviations = history.map((v) => (v >= median ? v - median : median - v)).sort(compareBigints);
    const mad = doubledMedian(deviations) / 2n;
    const medianUsd = formatDecimal({ units: median, scale: exact });
    const madUsd = formatDecimal({ units: mad, scale: exact });
    const threshold = addDecimals(medianUsd, maxDecimal(multiplyDecimals(rule.k, madUsd), rule.floorUsd));
    const day = formatEpochDay(e);
    const amount = daily.get(day) ?? "0";
    out.push({
      day,
      amountUsd: amount,
      medianUsd,
      madUsd,
      thresholdUsd: threshold,
      anomalous: compareDecimals(amount, threshold) > 0,
      historyDays,
    });
  }
  return out;
}

/** Judges `day` against the 28 days before it; null when it has fewer than 7 days of history. */
export function judgeDay(
  day: string,
  daily: ReadonlyMap<string, string>,
  firstSpendDay: string | null,
  rule: AnomalyRule,
): DayJudgement | null {
  return judgeSeries(day, day, daily, firstSpendDay, rule)[0] ?? null;
}
