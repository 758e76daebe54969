/**
 * The month-end forecast, as a pure function of daily spend:
 *   forecast = month-to-date spend + (mean daily spend of the last 7 closed days) × days left,
 * where month-to-date includes today's spend so far, "days left" are the days after today to the
 * month's end, and a closed day is any day before today (UTC). Days without spend count as $0;
 * days before the scope's first recorded spend do not count at all, so a key added three days ago
 * is averaged over those three days, not over seven. The forecast is rounded to cents (half away
 * from zero) once, at the end; everything before is exact.
 */
import { addDays, daysInRange, monthStart, addMonths } from "@/lib/dates";
import {
  addDecimals,
  compareDecimals,
  divideDecimal,
  multiplyDecimals,
  subtractDecimals,
} from "@/lib/money/decimal-math";
import { sumDecimals } from "@/lib/money/decimal";

export const FORECAST_MEAN_DAYS = 7;

export interface ForecastInput {
  /** `YYYY-MM`. */
  month: string;
  /** Today's UTC date `YYYY-MM-DD`. */
  today: string;
  /** Spend per UTC day (decimal strings); a missing day is $0. */
  daily: ReadonlyMap<string, string>;
  /** First day with any recorded spend for the scope, or null when there is none. */
  firstSpendDay: string | null;
}

export interface MonthForecast {
  month: string;
  /** "past": the month is over (forecast = actual); "future": it has not started. */
  state: "past" | "current" | "future";
  /** Spend recorded in the month so far (today included). */
  actualUsd: string;
  /** Month-end forecast, rounded to cents. */
  forecastUsd: string;
  /** Mean of the closed days used, rounded to cents (display only: the forecast uses the exact mean). */
  meanDailyUsd: string;
  /** How many closed days the mean is over (0..7). */
  meanDays: number;
  daysLeft: number;
}

export const monthFirstDay = (month: string) => `${month}-01`;
export const monthLastDay = (month: string) => addDays(addMonths(monthFirstDay(month), 1), -1);

function sumDays(daily: ReadonlyMap<string, string>, first: string, last: string): string {
  if (daysInRange(first, last) < 1) return "0";
  const values: string[] = [];
  for (let i = 0, n = daysInRange(first, last); i < n; i++) values.push(daily.get(addDays(first, i)) ?? "0");
  return sumDecimals(values);
}

/** The closed days the mean is taken over: the 7 before today, none before the first spend. */
export function meanWindow(today: string, firstSpendDay: string | null): { first: string; last: string; days: number } {
  const last = addDays(today, -1);
  let first = addDays(today, -FORECAST_MEAN_DAYS);
  if (firstSpendDay === null || compareDays(firstSpendDay, last) > 0) return { first, last, days: 0 };
  if (compareDays(firstSpendDay, first) > 0) first = firstSpendDay;
  return { first, last, days: daysInRange(first, last) };
}

const compareDays = (a: string, b: string) => daysInRange(b, a) - 1;

export function forecastMonth(input: ForecastInput): MonthForecast {
  const { month, today, daily } = input;
  const first = monthFirstDay(month);
  const last = monthLastDay(month);
  if (compareDays(last, today) < 0) {
    const actual = sumDays(daily, first, last);
    return {
      month,
      state: "past",
      actualUsd: actual,
      forecastUsd: divideDecimal(actual, 1n, 2),
      meanDailyUsd: "0",
      meanDays: 0,
      daysLeft: 0,
    };
  }
  const window = meanWindow(today, input.firstSpendDay);
  const windowSum = window.days > 0 ? sumDays(daily, window.first, window.last) : "0";
  const n = BigInt(Math.max(window.days, 1));
  const future = compareDays(first, today) > 0;
  const actual = future ? "0" : sumDays(daily, first, today);
  const daysLeft = future ? daysInRange(first, last) : daysInRange(today, last) - 1;
  // (actual × n + windowSum × daysLeft) / n, rounded once.
  const numerator = addDecimals(multiplyDecimals(actual, n.toString()), multiplyDecimals(windowSum, String(daysLeft)));
  return {
    month,
    state: future ? "future" : "current",
    actualUsd: actual,
    forecastUsd: divideDecimal(numerator, n, 2),
    meanDailyUsd: divideDecimal(windowSum, n, 2),
    meanDays: window.days,
    daysLeft,
  };
}

/** "on track", or how far the forecast goes past the amount. */
export function budgetOutlook(amountUsd: string, forecastUsd: string): { onTrack: boolean; overByUsd: string } {
  const over = subtractDecimals(forecastUsd, amountUsd);
  return compareDecimals(over, "0") > 0 ? { onTrack: false, overByUsd: over } : { onTrack: true, overByUsd: "0" };
}

/** The month holding `day`, `YYYY-MM`. */
export const monthOf = (day: string) => monthStart(day).slice(0, 7);
