import { AppError } from "@/lib/errors";

export const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface UsageWindow {
  /** Inclusive, 00:00 UTC of the first day. */
  start: Date;
  /** Exclusive, 00:00 UTC of the day after the last day. */
  end: Date;
  /** Every UTC day in the window, `YYYY-MM-DD`. */
  days: string[];
}

export function parseUtcDate(value: string, name = "date"): Date {
  const d = DATE_RE.test(value) ? new Date(`${value}T00:00:00.000Z`) : new Date(NaN);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new AppError(
      "VALIDATION_FAILED",
      `${name} must be a real date written YYYY-MM-DD (got "${value.slice(0, 30)}").`,
    );
  }
  return d;
}

export const toUtcDate = (d: Date) => d.toISOString().slice(0, 10);
export const startOfUtcDay = (ms: number) => new Date(Math.floor(ms / DAY_MS) * DAY_MS);

/**
 * Plans the UTC days to ingest. Without dates: the last `defaultDays` complete days plus today so
 * far. With dates: exactly start..end inclusive. Days after today are cut off, since nothing has
 * been used there yet.
 */
export function planUsageWindows(opts: {
  start?: string;
  end?: string;
  defaultDays: number;
  now: number;
  maxDays?: number;
}): UsageWindow {
  const today = startOfUtcDay(opts.now);
  const end = opts.end ? parseUtcDate(opts.end, "end") : today;
  const start = opts.start
    ? parseUtcDate(opts.start, "start")
    : new Date(Math.min(end.getTime(), today.getTime()) - opts.defaultDays * DAY_MS);
  if (start > end) {
    throw new AppError("VALIDATION_FAILED", `start (${toUtcDate(start)}) is after end (${toUtcDate(end)}).`);
  }
  if (start > today) {
    throw new AppError(
      "VALIDATION_FAILED",
      `start (${toUtcDate(start)}) is in the future; usage only exists up to today (UTC).`,
    );
  }
  const lastDay = end > today ? today : end;
  const days: string[] = [];
  for (let t = start.getTime(); t <= lastDay.getTime(); t += DAY_MS) days.push(toUtcDate(new Date(t)));
  if (opts.maxDays && days.length > opts.maxDays) {
    throw new AppError(
      "VALIDATION_FAILED",
      `That window is ${days.length} days; at most ${opts.maxDays} at once. Use the backfill CLI for longer history.`,
    );
  }
  return { start, end: new Date(lastDay.getTime() + DAY_MS), days };
}

/** Splits a window into consecutive chunks of at most `chunkDays` days (for backfill). */
export function chunkWindow(window: UsageWindow, chunkDays: number): UsageWindow[] {
  const chunks: UsageWindow[] = [];
  for (let i = 0; i < window.days.length; i += chunkDays) {
    const days = window.days.slice(i, i + chunkDays);
    const start = parseUtcDate(days[0]!);
    chunks.push({ start, end: new Date(parseUtcDate(days[days.length - 1]!).getTime() + DAY_MS), days });
  }
  return chunks;
}
