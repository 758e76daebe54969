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
