/**
 * Holds a usage stream's rows by UTC day until the day is complete, so each day can be written
 * (or skipped, ./persist-usage-days.ts) whole. Providers send a source's buckets in time order:
 * once a page reaches a later day, every earlier day of that source is complete; when the source
 * changes or the stream ends, all of it is. A page out of order only makes a day be written in two
 * parts (each an ordinary upsert), never skipped wrongly.
 */
import type { ProviderUsageRecord } from "@/lib/providers/types";

export interface UsageDay {
  day: string;
  records: ProviderUsageRecord[];
}

/** Days of one source, in day order. */
export interface SourceDays {
  source: string;
  days: UsageDay[];
}

export const utcDayOf = (r: ProviderUsageRecord) => r.windowStart.toISOString().slice(0, 10);

export class UsageDayBuffer {
  private source: string | null = null;
  private held = new Map<string, ProviderUsageRecord[]>();

  /** Takes a page; returns the days it completed (with the rows held for them). */
  add(source: string, records: readonly ProviderUsageRecord[]): SourceDays[] {
    const out = source === this.source ? [] : this.drain();
    this.source = source;
    let latest: string | null = null;
    for (const r of records) {
      const day = utcDayOf(r);
      let rows = this.held.get(day);
      if (!rows) this.held.set(day, (rows = []));
      rows.push(r);
      if (latest === null || day > latest) latest = day;
    }
    if (latest === null) return out;
    const done = [...this.held.keys()].filter((d) => d < latest);
    if (done.length) out.push(this.take(source, done));
    return out;
  }

  /** Everything held (the stream ended, or stopped: then the caller knows the days may be partial). */
  drain(): SourceDays[] {
    if (this.source === null || this.held.size === 0) return [];
    return [this.take(this.source, [...this.held.keys()])];
  }

  private take(source: string, days: string[]): SourceDays {
    const out = days.sort().map((day) => ({ day, records: this.held.get(day)! }));
    for (const d of days) this.held.delete(d);
    return { source, days: out };
  }
}

export const rowsIn = (groups: readonly SourceDays[]) =>
  groups.reduce((n, g) => n + g.days.reduce((m, d) => m + d.records.length, 0), 0);
