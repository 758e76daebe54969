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
import { formatDecimal, type ScaledDecimal } from "@/lib/money/decimal";
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

/** Median of integers already sorted, doubled (so the mean of the middle two stays an integer). */
function doubledMedian(sorted: readonly bigint[]): bigint {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? 2n * sorted[mid]! : sorted[mid - 1]! + sorted[mid]!;
}

const ascending = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

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
  const parsed = new Map<number, ScaledDecimal>();
  let scale = 0;
  for (const [day, amount] of daily) {
    const epoch = parseEpochDay(day);
    if (epoch === null || epoch < origin || epoch > to) continue;
    const d = toScaled(amount);
    parsed.set(epoch, d);
    scale = Math.max(scale, d.scale);
  }
  const exact = scale + 2;
  const values: bigint[] = [];
  for (let e = origin; e <= to; e++) {
    const d = parsed.get(e);
    values.push(d ? d.units * 10n ** BigInt(exact - d.scale) : 0n);
  }
  const out: DayJudgement[] = [];
  for (let e = from; e <= to; e++) {
    const first = Math.max(e - ANOMALY_WINDOW_DAYS, firstSpend);
    const historyDays = e - first;
    if (historyDays < ANOMALY_MIN_HISTORY_DAYS) continue;
    const history = values.slice(first - origin, e - origin).sort(ascending);
    // Both medians come out doubled; 100 units at the extra two digits make them exact integers.
    const median = doubledMedian(history) / 2n;
    const deviations = history.map((v) => (v >= median ? v - median : median - v)).sort(ascending);
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
