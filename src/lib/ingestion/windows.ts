import { AppError } from "@/lib/errors";
import {
  assertWithinCap,
  DAY_MS,
  epochDayOfMs,
  FIRST_PRODUCT_DATE,
  formatEpochDay,
  parseEpochDay,
  productDateProblem,
} from "@/lib/dates";

export { DAY_MS };

/** No window can hold more days than lie between 2000-01-01 and a year from now (the date rule). */
export const MAX_WINDOW_DAYS = 12_000;

export interface UsageWindow {
  /** Inclusive, 00:00 UTC of the first day. */
  start: Date;
  /** Exclusive, 00:00 UTC of the day after the last day. */
  end: Date;
  /** Every UTC day in the window, `YYYY-MM-DD`. */
  days: string[];
}

/** A product date (see src/lib/dates) as 00:00 UTC of that day; anything else is a 400. */
export function parseUtcDate(value: string, name = "date"): Date {
  const problem = productDateProblem(value, name);
  if (problem) throw new AppError("VALIDATION_FAILED", `${problem}.`);
  return new Date(parseEpochDay(value)! * DAY_MS);
}

export const toUtcDate = (d: Date) => formatEpochDay(epochDayOfMs(d.getTime()));
export const startOfUtcDay = (ms: number) => new Date(epochDayOfMs(ms) * DAY_MS);

/**
 * Plans the UTC days to ingest. Without dates: the last `defaultDays` complete days plus today so
 * far. With dates: exactly start..end inclusive. Days after today are cut off, since nothing has
 * been used there yet. Days are counted as numbers before any list is built.
 */
export function planUsageWindows(opts: {
  start?: string;
  end?: string;
  defaultDays: number;
  now: number;
  maxDays?: number;
}): UsageWindow {
  const today = epochDayOfMs(opts.now);
  const end = opts.end ? epochDayOfMs(parseUtcDate(opts.end, "end").getTime()) : today;
  const start = opts.start
    ? epochDayOfMs(parseUtcDate(opts.start, "start").getTime())
    : Math.max(Math.min(end, today) - opts.defaultDays, parseEpochDay(FIRST_PRODUCT_DATE)!);
  if (start > end) {
    throw new AppError("VALIDATION_FAILED", `start (${formatEpochDay(start)}) is after end (${formatEpochDay(end)}).`);
  }
  if (start > today) {
    throw new AppError(
      "VALIDATION_FAILED",
      `start (${formatEpochDay(start)}) is in the future; usage only exists up to today (UTC).`,
    );
  }
  const lastDay = Math.min(end, today);
  const count = lastDay - start + 1;
  if (opts.maxDays && count > opts.maxDays) {
    throw new AppError(
      "VALIDATION_FAILED",
      `That window is ${count} days; at most ${opts.maxDays} at once. Use the backfill CLI for longer history.`,
    );
  }
  assertWithinCap(count, MAX_WINDOW_DAYS, "That ingestion window");
  const days: string[] = [];
  for (let d = start; d <= lastDay; d++) days.push(formatEpochDay(d));
  return { start: new Date(start * DAY_MS), end: new Date((lastDay + 1) * DAY_MS), days };
}

/** Splits a window into consecutive chunks of at most `chunkDays` days (for backfill). */
export function chunkWindow(window: UsageWindow, chunkDays: number): UsageWindow[] {
  // A zero, negative or fractional step would never reach the end of the list.
  if (!Number.isInteger(chunkDays) || chunkDays < 1) {
    throw new AppError(
      "VALIDATION_FAILED",
      `chunk size must be a whole number of days, at least 1 (got ${chunkDays}).`,
    );
  }
  const chunks: UsageWindow[] = [];
  for (let i = 0; i < window.days.length; i += chunkDays) {
    const days = window.days.slice(i, i + chunkDays);
    const first = parseEpochDay(days[0]!);
    const last = parseEpochDay(days[days.length - 1]!);
    if (first === null || last === null) throw new AppError("VALIDATION_FAILED", "A window day is not a real date.");
    chunks.push({ start: new Date(first * DAY_MS), end: new Date((last + 1) * DAY_MS), days });
  }
  return chunks;
}

/** Providers revise billed cost for days after the fact: every run re-reads this many closed days. */
export const COST_RECHECK_DAYS = 3;

/**
 * The windows to read cost for: the usage window, plus the last COST_RECHECK_DAYS closed UTC days
 * when the usage window does not already hold them all (a backfill of old months, say).
 */
export function planCostWindows(usage: UsageWindow, now: number): UsageWindow[] {
  const today = epochDayOfMs(now);
  const recheck: string[] = [];
  for (let d = today - COST_RECHECK_DAYS; d < today; d++) recheck.push(formatEpochDay(d));
  if (recheck.every((day) => usage.days.includes(day))) return [usage];
  const start = today - COST_RECHECK_DAYS;
  return [usage, { start: new Date(start * DAY_MS), end: new Date(today * DAY_MS), days: recheck }];
}
