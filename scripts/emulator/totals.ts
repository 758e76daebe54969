// Ground truth: sums straight from the dataset's finest-grain rows, independent of the HTTP layer,
// so tests and the demo can check that what was ingested adds up to what the provider holds.

import {
  DAY_SECONDS,
  dateOf,
  dayStartOf,
  type CompletionsRow,
  type EmbeddingsRow,
  type EmulatorDataset,
} from "./types";

export const TOTALS_DIMENSIONS = ["day", "model", "project", "api_key", "batch", "user", "service_tier"] as const;
export type TotalsDimension = (typeof TOTALS_DIMENSIONS)[number];

export interface CompletionsSums {
  input_tokens: number;
  output_tokens: number;
  input_cached_tokens: number;
  input_audio_tokens: number;
  output_audio_tokens: number;
  num_model_requests: number;
  /** number of finest-grain result rows summed */
  results: number;
}

export interface EmbeddingsSums {
  input_tokens: number;
  num_model_requests: number;
  results: number;
}

type GroupValues = Partial<Record<TotalsDimension, string | boolean | null>>;

export interface UsageTotals {
  source: EmulatorDataset["source"];
  /** inclusive UTC days */
  start: string;
  end: string;
  by: TotalsDimension[];
  completions: { totals: CompletionsSums; groups: Array<GroupValues & CompletionsSums> };
  embeddings: { totals: EmbeddingsSums; groups: Array<GroupValues & EmbeddingsSums> };
}

export interface TotalsQuery {
  /** first day, YYYY-MM-DD (default: dataset.firstDay) */
  start?: string;
  /** last day INCLUSIVE, YYYY-MM-DD (default: dataset.lastDay) */
  end?: string;
  by?: TotalsDimension[];
  orgId?: string;
}

const emptyCompletions = (): CompletionsSums => ({
  input_tokens: 0,
  output_tokens: 0,
  input_cached_tokens: 0,
  input_audio_tokens: 0,
  output_audio_tokens: 0,
  num_model_requests: 0,
  results: 0,
});

const emptyEmbeddings = (): EmbeddingsSums => ({ input_tokens: 0, num_model_requests: 0, results: 0 });

function addCompletions(into: CompletionsSums, row: CompletionsRow): void {
  into.input_tokens += row.input_tokens;
  into.output_tokens += row.output_tokens;
  into.input_cached_tokens += row.input_cached_tokens ?? 0;
  into.input_audio_tokens += row.input_audio_tokens ?? 0;
  into.output_audio_tokens += row.output_audio_tokens ?? 0;
  into.num_model_requests += row.num_model_requests;
  into.results += 1;
}

function addEmbeddings(into: EmbeddingsSums, row: EmbeddingsRow): void {
  into.input_tokens += row.input_tokens;
  into.num_model_requests += row.num_model_requests;
  into.results += 1;
}

function groupValues(by: TotalsDimension[], day: string, row: CompletionsRow | EmbeddingsRow): GroupValues {
  const values: GroupValues = {};
  for (const dim of by) {
    if (dim === "day") values.day = day;
    else if (dim === "model") values.model = row.model;
    else if (dim === "project") values.project = row.project_id;
    else if (dim === "api_key") values.api_key = row.api_key_id;
    else if (dim === "user") values.user = row.user_id;
    else if (dim === "batch") values.batch = "batch" in row ? row.batch : null;
    else values.service_tier = "service_tier" in row ? row.service_tier : null;
  }
  return values;
}

export function computeUsageTotals(dataset: EmulatorDataset, query: TotalsQuery = {}): UsageTotals {
  const start = query.start ?? dataset.firstDay;
  const end = query.end ?? dataset.lastDay;
  const by = query.by ?? [];
  const firstDay = dayStartOf(start);
  const lastDay = dayStartOf(end);
  if (lastDay < firstDay) throw new Error("end must not be before start");
  const completions = emptyCompletions();
  const embeddings = emptyEmbeddings();
  const completionGroups = new Map<string, GroupValues & CompletionsSums>();
  const embeddingGroups = new Map<string, GroupValues & EmbeddingsSums>();

  for (let day = firstDay; day <= lastDay; day += DAY_SECONDS) {
    const usage = dataset.dayUsage(day, query.orgId);
    const date = dateOf(day);
    for (const row of usage.completions) {
      addCompletions(completions, row);
      if (by.length === 0) continue;
      const values = groupValues(by, date, row);
      const key = JSON.stringify(values);
      let group = completionGroups.get(key);
      if (!group) completionGroups.set(key, (group = { ...values, ...emptyCompletions() }));
      addCompletions(group, row);
    }
    for (const row of usage.embeddings) {
      addEmbeddings(embeddings, row);
      if (by.length === 0) continue;
      const values = groupValues(by, date, row);
      const key = JSON.stringify(values);
      let group = embeddingGroups.get(key);
      if (!group) embeddingGroups.set(key, (group = { ...values, ...emptyEmbeddings() }));
      addEmbeddings(group, row);
    }
  }
  const sorted = <T>(groups: Map<string, T>): T[] =>
    [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  return {
    source: dataset.source,
    start,
    end,
    by,
    completions: { totals: completions, groups: sorted(completionGroups) },
    embeddings: { totals: embeddings, groups: sorted(embeddingGroups) },
  };
}
