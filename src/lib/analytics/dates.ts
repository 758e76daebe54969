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
  for (let p = periodStart(start, granularity); p <= end; ) {
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

export interface RangeSplit {
  /** Whole calendar months inside the range, as first-of-month dates (inclusive), or null. */
  months: { first: string; last: string } | null;
  /** Day spans not covered by those months (0 to 2 of them). */
  days: { start: string; end: string }[];
}

/** Splits start..end into whole months plus the leftover days at either edge. */
export function splitByMonths(start: string, end: string): RangeSplit {
  const first = start === monthStart(start) ? start : addMonths(start, 1);
  const afterEnd = addDays(end, 1);
  const lastExclusive = afterEnd === monthStart(afterEnd) ? afterEnd : monthStart(end);
  if (first >= lastExclusive) return { months: null, days: [{ start, end }] };
  const days: { start: string; end: string }[] = [];
  if (start < first) days.push({ start, end: addDays(first, -1) });
  if (lastExclusive <= end) days.push({ start: lastExclusive, end });
  return { months: { first, last: addMonths(lastExclusive, -1) }, days };
}
