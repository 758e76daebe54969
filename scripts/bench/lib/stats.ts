/** The benches' one set of summary statistics: nearest-rank percentiles and repeated timing. */
import { round } from "./raw-insert";

/** Nearest-rank percentile of an ascending list; 0 for an empty list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

/** The same for a list in any order. */
export const percentileOf = (values: readonly number[], p: number) =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  );

/** Middle value (mean of the two middle ones for an even count) of an ascending list; 0 when empty. */
export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Figure {
  median_ms: number;
  p95_ms: number;
}

/** `runs` timed calls after two warm-up calls (caches and query plans), as median and p95. */
export async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<Figure> {
  for (let i = 0; i < 2; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median_ms: round(median(ms), 2), p95_ms: round(percentile(ms, 95), 2) };
}
