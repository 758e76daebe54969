import type { Granularity, TimeSeriesPoint } from "@/lib/analytics/contract";

const DAY_MS = 86_400_000;

function periodStart(ymd: string, granularity: Granularity): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  if (granularity === "month") return `${ymd.slice(0, 7)}-01`;
  if (granularity === "week") return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
  return ymd;
}

function nextPeriod(ymd: string, granularity: Granularity): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  if (granularity === "month") return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  return new Date(d.getTime() + (granularity === "week" ? 7 : 1) * DAY_MS).toISOString().slice(0, 10);
}

/** Every period of the range, with zeros where nothing was used, so gaps show as gaps rather than vanish. */
export function fillPeriods(
  points: TimeSeriesPoint[],
  range: { start: string; end: string },
  granularity: Granularity,
): TimeSeriesPoint[] {
  const byPeriod = new Map(points.map((p) => [p.period, p]));
  const out: TimeSeriesPoint[] = [];
  for (let p = periodStart(range.start, granularity); p <= range.end && out.length < 2000; p = nextPeriod(p, granularity)) {
    out.push(
      byPeriod.get(p) ?? { period: p, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, requests: 0, costUsd: null },
    );
  }
  // Periods we did not generate mean the server buckets differently: trust the server's list then.
  const generated = new Set(out.map((p) => p.period));
  if (points.some((p) => !generated.has(p.period))) return [...points].sort((a, b) => a.period.localeCompare(b.period));
  return out;
}
