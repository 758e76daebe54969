/** UTC calendar arithmetic on `YYYY-MM-DD` strings: the only date format the read side uses. */
import type { Granularity } from "./contract";

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const toMs = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const todayUtc = (now: Date = new Date()) => now.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => fromMs(toMs(day) + n * DAY_MS);
/** Inclusive count of days from start to end. */
export const daysInRange = (start: string, end: string) => Math.round((toMs(end) - toMs(start)) / DAY_MS) + 1;
export const dayStartIso = (day: string) => `${day}T00:00:00.000Z`;

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function addMonths(day: string, n: number): string {
  const d = new Date(toMs(day));
  return fromMs(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
}

/** Monday of the ISO week holding `day`. */
export function weekStart(day: string): string {
  const weekday = (new Date(toMs(day)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export function periodStart(day: string, granularity: Granularity): string {
  if (granularity === "week") return weekStart(day);
  if (granularity === "month") return monthStart(day);
  return day;
}

/** Every period that overlaps start..end, in order. */
export function periodsInRange(start: string, end: string, granularity: Granularity): string[] {
  const out: string[] = [];
  for (let p = periodStart(start, granularity); p <= end;) {
    out.push(p);
    p = granularity === "day" ? addDays(p, 1) : granularity === "week" ? addDays(p, 7) : addMonths(p, 1);
  }
  return out;
}

/** The same number of days immediately before start..end. */
export function previousRange(start: string, end: string): { start: string; end: string } {
  const days = daysInRange(start, end);
  return { start: addDays(start, -days), end: addDays(start, -1) };
}

/** First day of the 7-day block holding `day`: blocks start on the 1st, 8th, 15th, 22nd and 29th. */
export function blockStart(day: string): string {
  const dayOfMonth = Number(day.slice(8, 10));
  return `${day.slice(0, 8)}${String(Math.min(Math.floor((dayOfMonth - 1) / 7), 4) * 7 + 1).padStart(2, "0")}`;
}

/** Last day of the block starting at `start` (the 29th's block runs to the end of the month). */
export function blockEnd(start: string): string {
  const monthEnd = addDays(addMonths(start, 1), -1);
  const end = addDays(start, 6);
  return start.slice(8) === "29" || end > monthEnd ? monthEnd : end;
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
  const first = start === monthStart(start) ? start : addMonths(start, 1);
  const afterEnd = addDays(end, 1);
  const lastExclusive = afterEnd === monthStart(afterEnd) ? afterEnd : monthStart(end);
  const hasMonths = first < lastExclusive;
  const edges = hasMonths
    ? [
        ...(start < first ? [{ start, end: addDays(first, -1) }] : []),
        ...(lastExclusive <= end ? [{ start: lastExclusive, end }] : []),
      ]
    : [{ start, end }];
  const split: RangeSplit = {
    months: hasMonths ? { first, last: addMonths(lastExclusive, -1) } : null,
    blocks: [],
    days: [],
  };
  for (const edge of edges) {
    if (!opts.blocks) {
      split.days.push(edge);
      continue;
    }
    // An edge may still span two months when the range has no whole month at all.
    let dayRun: { start: string; end: string } | null = null;
    for (let d = edge.start; d <= edge.end;) {
      const b = blockStart(d);
      const bEnd = blockEnd(b);
      if (b === d && bEnd <= edge.end) {
        split.blocks.push(b);
        dayRun = null;
        d = addDays(bEnd, 1);
      } else {
        if (dayRun) dayRun.end = d;
        else split.days.push((dayRun = { start: d, end: d }));
        d = addDays(d, 1);
      }
    }
  }
  return split;
}
