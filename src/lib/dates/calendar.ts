/**
 * UTC calendar days as numbers (days since 1970-01-01). Ranges are compared and stepped as
 * numbers, never as strings: "+010000-01-01" (the day after 9999-12-31 in ISO form) sorts below
 * "9999-12-31" as text, which once made a range loop run forever.
 */
import { AppError } from "@/lib/errors";

export const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a real calendar date written `YYYY-MM-DD` (years 0000-9999), or null. */
export function parseEpochDay(value: string): number | null {
  const m = DATE_RE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return Math.round(date.getTime() / DAY_MS);
}

export const isRealDate = (value: string): boolean => parseEpochDay(value) !== null;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export const outsideCalendar = () =>
  new AppError("BAD_REQUEST", "That date range reaches outside the calendar CogniTrack works with.");

/** `YYYY-MM-DD` of an epoch day. Outside years 0000-9999 no such string exists, so it throws. */
export function formatEpochDay(day: number): string {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  if (!Number.isInteger(day) || !(year >= 0 && year <= 9999)) throw outsideCalendar();
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** First day of the month `index` months after January of year 0 (the inverse of year * 12 + month - 1). */
export function formatMonthIndex(index: number): string {
  const year = Math.floor(index / 12);
  if (!Number.isInteger(index) || year < 0 || year > 9999) throw outsideCalendar();
  return `${pad(year, 4)}-${pad(index - year * 12 + 1)}-01`;
}

/** Epoch day of a date the caller has already validated; a bad one is a 400, never NaN arithmetic. */
export function epochDay(value: string, name = "date"): number {
  const day = parseEpochDay(value);
  if (day === null) {
    throw new AppError("VALIDATION_FAILED", `${name} must be a real date written YYYY-MM-DD (UTC).`);
  }
  return day;
}

export const epochDayOfMs = (ms: number) => Math.floor(ms / DAY_MS);
export const todayEpochDay = (now: number = Date.now()) => epochDayOfMs(now);

/**
 * The guard every range loop runs under: past `cap` steps it throws instead of running on, so a
 * range that slipped past validation costs one 400, not a frozen server.
 */
export function assertWithinCap(steps: number, cap: number, what: string): void {
  if (!(steps <= cap)) {
    throw new AppError(
      "BAD_REQUEST",
      `${what} is too long: ${Number.isFinite(steps) ? steps.toLocaleString("en-US") : "unbounded"} steps, at most ${cap.toLocaleString("en-US")}.`,
    );
  }
}
