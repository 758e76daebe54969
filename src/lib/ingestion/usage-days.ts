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
  /** Every row of the day is here (false: a part, so no digest may vouch for the day). */
  whole: boolean;
}

/** Days of one source, in day order. */
export interface SourceDays {
  source: string;
  days: UsageDay[];
}

export const utcDayOf = (r: ProviderUsageRecord) => r.windowStart.toISOString().slice(0, 10);

/** Beyond this many held rows (one very large day), the held rows are handed over as parts: memory stays bounded. */
export const MAX_HELD_ROWS = 50_000;

export class UsageDayBuffer {
  private source: string | null = null;
  private held = new Map<string, ProviderUsageRecord[]>();
  private heldRows = 0;
  /** Days of this source already handed over in part. */
  private split = new Set<string>();

  constructor(private readonly maxHeldRows = MAX_HELD_ROWS) {}

  /** Takes a page; returns the days it completed (with the rows held for them). */
  add(source: string, records: readonly ProviderUsageRecord[]): SourceDays[] {
    const out = source === this.source ? [] : this.drain();
    if (source !== this.source) this.split.clear();
    this.source = source;
    let latest: string | null = null;
    for (const r of records) {
      const day = utcDayOf(r);
      let rows = this.held.get(day);
      if (!rows) this.held.set(day, (rows = []));
      rows.push(r);
      if (latest === null || day > latest) latest = day;
    }
    this.heldRows += records.length;
    if (latest === null) return out;
    const done = [...this.held.keys()].filter((d) => d < latest);
    if (done.length) out.push(this.take(source, done, true));
    if (this.heldRows > this.maxHeldRows) {
      const parts = [...this.held.keys()];
      out.push(this.take(source, parts, false));
      parts.forEach((d) => this.split.add(d));
    }
    return out;
  }

  /** Everything held: whole days at the end of the stream; `whole` false when it stopped early. */
  drain(whole = true): SourceDays[] {
    if (this.source === null || this.held.size === 0) return [];
    return [this.take(this.source, [...this.held.keys()], whole)];
  }

  private take(source: string, days: string[], whole: boolean): SourceDays {
    const out = days.sort().map((day) => {
      const records = this.held.get(day)!;
      this.held.delete(day);
      this.heldRows -= records.length;
      return { day, records, whole: whole && !this.split.has(day) };
    });
    return { source, days: out };
  }
}

export const rowsIn = (groups: readonly SourceDays[]) =>
  groups.reduce((n, g) => n + g.days.reduce((m, d) => m + d.records.length, 0), 0);
