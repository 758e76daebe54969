// Ground truth of the other usage endpoints (and the completions detail counters), summed straight
// from the finest-grain rows like totals.ts, which it leaves untouched.

import { sumFieldsFor } from "./aggregate";
import { COMPLETIONS_DETAIL_FIELDS, EXTRA_USAGE_KINDS, type ExtraUsageKind } from "./extra-types";
import { DAY_SECONDS, dateOf, dayStartOf, type EmulatorDataset } from "./types";

export const ENDPOINT_TOTALS_DIMENSIONS = [
  "day",
  "model",
  "project",
  "api_key",
  "user",
  "size",
  "source",
  "context_level",
  "vector_store",
] as const;
export type EndpointTotalsDimension = (typeof ENDPOINT_TOTALS_DIMENSIONS)[number];

const ROW_FIELD: Record<Exclude<EndpointTotalsDimension, "day">, string> = {
  model: "model",
  project: "project_id",
  api_key: "api_key_id",
  user: "user_id",
  size: "size",
  source: "source",
  context_level: "context_level",
  vector_store: "vector_store_id",
};

/** Counter sums plus `results` (finest-grain rows summed). */
export type Sums = Record<string, number>;
/** A group: its dimension values (null = not reported) and its sums. */
export type Group = Record<string, string | number | null>;
export interface EndpointTotals {
  totals: Sums;
  groups: Group[];
}

export interface EndpointTotalsResult {
  source: EmulatorDataset["source"];
  start: string;
  end: string;
  by: EndpointTotalsDimension[];
  endpoints: Record<ExtraUsageKind, EndpointTotals>;
  /** The completions detail counters (cache writes, image and cached audio tokens). */
  completions_details: EndpointTotals;
}

export interface EndpointTotalsQuery {
  /** first day, YYYY-MM-DD (default: dataset.firstDay) */
  start?: string;
  /** last day INCLUSIVE (default: dataset.lastDay) */
  end?: string;
  by?: EndpointTotalsDimension[];
  orgId?: string;
}

class Accumulator {
  readonly totals: Sums;
  private readonly groups = new Map<string, Group>();
  constructor(
    private readonly fields: readonly string[],
    private readonly by: EndpointTotalsDimension[],
  ) {
    this.totals = this.empty();
  }

  private empty(): Sums {
    const sums: Sums = { results: 0 };
    for (const f of this.fields) sums[f] = 0;
    return sums;
  }

  add(day: string, row: Record<string, unknown>): void {
    this.addTo(this.totals, row);
    if (this.by.length === 0) return;
    const values: Record<string, string | null> = {};
    for (const dim of this.by) values[dim] = dim === "day" ? day : ((row[ROW_FIELD[dim]] as string | null) ?? null);
    const key = JSON.stringify(values);
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { ...values, ...this.empty() }));
    this.addTo(group, row);
  }

  private addTo(into: Group, row: Record<string, unknown>): void {
    for (const f of this.fields) into[f] = (into[f] as number) + ((row[f] as number | undefined) ?? 0);
    into.results = (into.results as number) + 1;
  }

  result(): EndpointTotals {
    const groups = [...this.groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
    return { totals: this.totals, groups };
  }
}

export function computeEndpointTotals(dataset: EmulatorDataset, query: EndpointTotalsQuery = {}): EndpointTotalsResult {
  const start = query.start ?? dataset.firstDay;
  const end = query.end ?? dataset.lastDay;
  const by = query.by ?? [];
  const firstDay = dayStartOf(start);
  const lastDay = dayStartOf(end);
  if (lastDay < firstDay) throw new Error("end must not be before start");
  const kinds = new Map(EXTRA_USAGE_KINDS.map((kind) => [kind, new Accumulator(sumFieldsFor(kind), by)]));
  const details = new Accumulator(COMPLETIONS_DETAIL_FIELDS, by);
  for (let day = firstDay; day <= lastDay; day += DAY_SECONDS) {
    const date = dateOf(day);
    const extra = dataset.extraUsage?.(day, query.orgId);
    if (extra) for (const [kind, acc] of kinds) for (const row of extra[kind]) acc.add(date, { ...row });
    for (const row of dataset.dayUsage(day, query.orgId).completions) {
      if (COMPLETIONS_DETAIL_FIELDS[0] in row) details.add(date, { ...row });
    }
  }
  const endpoints = Object.fromEntries([...kinds].map(([kind, acc]) => [kind, acc.result()])) as Record<
    ExtraUsageKind,
    EndpointTotals
  >;
  return { source: dataset.source, start, end, by, endpoints, completions_details: details.result() };
}
