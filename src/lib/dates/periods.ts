/**
 * UTC calendar arithmetic on `YYYY-MM-DD` strings: the only date format the rollups and the read side use.
 * Strings are turned into epoch days (numbers) before any comparison or loop, and every loop runs
 * under a hard cap, so no input can make a range helper spin.
 */
import { assertWithinCap, DAY_MS, epochDay, formatEpochDay, formatMonthIndex, todayEpochDay } from "./calendar";

/** The periods a time series can be bucketed by (analytics' `granularity`). */
export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/**
 * Upper bound for any range the read side walks: the longest valid range is 3 years (see
 * MAX_RANGE_DAYS in filters.ts); the rollup refresh may walk a whole stored history since 2000.
 */
export const MAX_WALK_DAYS = 12_000;
const MAX_WALK_MONTHS = Math.ceil(MAX_WALK_DAYS / 28);

export const todayUtc = (now: Date = new Date()) => formatEpochDay(todayEpochDay(now.getTime()));
export const addDays = (day: string, n: number) => formatEpochDay(epochDay(day) + n);
/** Inclusive count of days from start to end. */
export const daysInRange = (start: string, end: string) => epochDay(end) - epochDay(start) + 1;
export const dayStartIso = (day: string) => `${formatEpochDay(epochDay(day))}T00:00:00.000Z`;

export function monthStart(day: string): string {
  return `${formatEpochDay(epochDay(day)).slice(0, 7)}-01`;
}

/** Months since year 0 of the month holding `day`. */
const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

export function addMonths(day: string, n: number): string {
  epochDay(day);
  return formatMonthIndex(monthIndex(day) + n);
}

/** Monday of the ISO week holding `day` (1970-01-01 was a Thursday). */
export function weekStart(day: string): string {
  const d = epochDay(day);
  return formatEpochDay(d - ((((d + 3) % 7) + 7) % 7));
}

export function periodStart(day: string, granularity: Granularity): string {
  if (granularity === "week") return weekStart(day);
  if (granularity === "month") return monthStart(day);
  return day;
}

/** Every period that overlaps start..end, in order. */
export function periodsInRange(start: string, end: string, granularity: Granularity): string[] {
  const last = epochDay(end);
  const first = epochDay(periodStart(start, granularity));
  assertWithinCap(last - first + 1, MAX_WALK_DAYS, "That date range");
  if (granularity === "month") return monthsInRange(start, end);
  const out: string[] = [];
  const step = granularity === "week" ? 7 : 1;
  for (let d = first; d <= last; d += step) out.push(formatEpochDay(d));
  return out;
}

/** The same number of days immediately before start..end. */
export function previousRange(start: string, end: string): { start: string; end: string } {
  const days = daysInRange(start, end);
  return { start: addDays(start, -days), end: addDays(start, -1) };
}

/** First day of the 7-day block holding `day`: blocks start on the 1st, 8th, 15th, 22nd and 29th. */
export function blockStart(day: string): string {
  epochDay(day);
  const dayOfMonth = Number(day.slice(8, 10));
  return `${day.slice(0, 8)}${String(Math.min(Math.floor((dayOfMonth - 1) / 7), 4) * 7 + 1).padStart(2, "0")}`;
}

/** Epoch day of the last day of the month holding `day` (computed inside the month: no year 10000). */
function monthEndDay(day: string): number {
  const first = epochDay(monthStart(day));
  const d = new Date(first * DAY_MS);
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return first + d.getUTCDate() - 1;
}

/** Last day of the block starting at `start` (the 29th's block runs to the end of the month). */
export function blockEnd(start: string): string {
  const monthEnd = monthEndDay(start);
  const end = epochDay(start) + 6;
  return formatEpochDay(start.slice(8) === "29" || end > monthEnd ? monthEnd : end);
}

/** Months from `first` to `last` (first-of-month dates), in order; capped like every walk. */
export function monthsInRange(first: string, last: string): string[] {
  const [a, b] = [monthIndex(monthStart(first)), monthIndex(monthStart(last))];
  assertWithinCap(b - a + 1, MAX_WALK_MONTHS, "That date range");
  const out: string[] = [];
  for (let m = a; m <= b; m++) out.push(formatMonthIndex(m));
  return out;
}

export interface RangeSplit {
  /** Whole calendar months inside the range, as first-of-month dates (inclusive), or null. */
  months: { first: string; last: string } | null;
  /** Starts of whole blocks inside the rest (only when asked for). */
  blocks: string[];
  /** Day spans covered by neither. */
  days: { start: string; end: string }[];
}

/**
 * Splits start..end into whole months, then (with `blocks`) whole 7-day blocks of the partial
 * months, then the leftover days: a year reads ~12 month rows, a few blocks and at most ~12 days.
 */
export function splitRange(start: string, end: string, opts: { blocks: boolean }): RangeSplit {
  const [startDay, endDay] = [epochDay(start), epochDay(end)];
  assertWithinCap(endDay - startDay + 1, MAX_WALK_DAYS, "That date range");
  const first = startDay === epochDay(monthStart(start)) ? startDay : monthEndDay(start) + 1;
  const lastExclusive = endDay === monthEndDay(end) ? endDay + 1 : epochDay(monthStart(end));
  const hasMonths = first < lastExclusive;
  const edges = hasMonths
    ? [
        ...(startDay < first ? [{ start: startDay, end: first - 1 }] : []),
        ...(lastExclusive <= endDay ? [{ start: lastExclusive, end: endDay }] : []),
      ]
    : [{ start: startDay, end: endDay }];
  const split: RangeSplit = {
    months: hasMonths ? { first: formatEpochDay(first), last: monthStart(formatEpochDay(lastExclusive - 1)) } : null,
    blocks: [],
    days: [],
  };
  for (const edge of edges) {
    if (!opts.blocks) {
      split.days.push({ start: formatEpochDay(edge.start), end: formatEpochDay(edge.end) });
      continue;
    }
    // An edge may still span two months when the range has no whole month at all.
    let dayRun: { start: string; end: string } | null = null;
    for (let d = edge.start; d <= edge.end;) {
      const day = formatEpochDay(d);
      const b = epochDay(blockStart(day));
      const bEnd = epochDay(blockEnd(formatEpochDay(b)));
      if (b === d && bEnd <= edge.end) {
        split.blocks.push(day);
        dayRun = null;
        d = bEnd + 1;
      } else {
        if (dayRun) dayRun.end = day;
        else split.days.push((dayRun = { start: day, end: day }));
        d += 1;
      }
    }
  }
  return split;
}
