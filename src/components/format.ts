/** Number and date formatting shared by every view: thousands separators, units, UTC labelled. */
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });

export const formatInteger = (n: number) => integer.format(n);
export const formatCompact = (n: number) => compact.format(n);
export const formatUsd = (n: number) => usd.format(n);

export function formatTokens(n: number) {
  return `${integer.format(n)} tokens`;
}

export function formatPercentChange(current: number, previous: number): string | null {
  if (previous === 0) return current === 0 ? "0%" : null;
  const pct = ((current - previous) / previous) * 100;
  return `${pct > 0 ? "+" : ""}${pct.toFixed(1)}%`;
}

export function formatDateTimeUtc(iso: string) {
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

const monthDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const monthDayYear = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});
const monthYear = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const utcDay = (ymd: string) => new Date(`${ymd}T00:00:00Z`);

/** "Mar 4, 2025" for a `YYYY-MM-DD` UTC date. */
export const formatDateUtc = (ymd: string) => monthDayYear.format(utcDay(ymd));

/** "Mar 4 – Apr 2, 2025", or with both years when the range crosses a year. */
export function formatDateRange(start: string, end: string) {
  if (start === end) return formatDateUtc(start);
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  return `${sameYear ? monthDay.format(utcDay(start)) : formatDateUtc(start)} – ${formatDateUtc(end)}`;
}

/** Chart axis label for the first day of a day, week or month bucket. */
export function formatPeriod(period: string, granularity: "day" | "week" | "month", long = false) {
  const d = utcDay(period);
  if (granularity === "month") return monthYear.format(d);
  if (granularity === "week") return `${long ? "Week of " : ""}${long ? monthDayYear.format(d) : monthDay.format(d)}`;
  return long ? monthDayYear.format(d) : monthDay.format(d);
}

/** Estimated spend: "—" when unknown, "<$0.01" rather than a misleading "$0.00". */
export function formatSpend(n: number | null) {
  if (n === null) return "—";
  if (n > 0 && n < 0.01) return "<$0.01";
  return usd.format(n);
}

export function formatShare(fraction: number) {
  if (fraction > 0 && fraction < 0.001) return "<0.1%";
  return `${(fraction * 100).toFixed(1)}%`;
}
