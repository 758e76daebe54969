// Filters and group_by over finest-grain rows, as the usage API does: fields in group_by keep their
// values, every other group field comes back null and the counters are summed across it.

import type { CompletionsRow, EmbeddingsRow } from "./types";

export const COMPLETIONS_GROUP_FIELDS = [
  "project_id",
  "user_id",
  "api_key_id",
  "model",
  "batch",
  "service_tier",
] as const;
export const EMBEDDINGS_GROUP_FIELDS = ["project_id", "user_id", "api_key_id", "model"] as const;

const COMPLETIONS_SUM_FIELDS = [
  "input_tokens",
  "output_tokens",
  "input_cached_tokens",
  "input_audio_tokens",
  "output_audio_tokens",
  "num_model_requests",
] as const;
const EMBEDDINGS_SUM_FIELDS = ["input_tokens", "num_model_requests"] as const;

export type UsageKind = "completions" | "embeddings";

export interface UsageFilters {
  projectIds: string[];
  userIds: string[];
  apiKeyIds: string[];
  models: string[];
  /** completions only */
  batch?: boolean;
}

export type UsageResult = { object: string } & Record<string, string | number | boolean | null>;

export function groupFieldsFor(kind: UsageKind): readonly string[] {
  return kind === "completions" ? COMPLETIONS_GROUP_FIELDS : EMBEDDINGS_GROUP_FIELDS;
}

function matches(row: CompletionsRow | EmbeddingsRow, filters: UsageFilters): boolean {
  if (filters.projectIds.length && !filters.projectIds.includes(row.project_id ?? "")) return false;
  if (filters.userIds.length && !filters.userIds.includes(row.user_id ?? "")) return false;
  if (filters.apiKeyIds.length && !filters.apiKeyIds.includes(row.api_key_id ?? "")) return false;
  if (filters.models.length && !filters.models.includes(row.model ?? "")) return false;
  if (filters.batch !== undefined && "batch" in row && row.batch !== filters.batch) return false;
  return true;
}

/** Aggregate one bucket's rows. Result order: first appearance of each group in the rows. */
export function aggregateUsage(
  kind: UsageKind,
  rows: ReadonlyArray<CompletionsRow | EmbeddingsRow>,
  filters: UsageFilters,
  groupBy: readonly string[],
): UsageResult[] {
  const groupFields = groupFieldsFor(kind);
  const sumFields: readonly string[] = kind === "completions" ? COMPLETIONS_SUM_FIELDS : EMBEDDINGS_SUM_FIELDS;
  const object = `organization.usage.${kind}.result`;
  const grouped = new Set(groupBy);
  const groups = new Map<string, UsageResult>();
  for (const row of rows) {
    if (!matches(row, filters)) continue;
    const values = row as unknown as Record<string, string | number | boolean | null>;
    let key = "";
    for (const field of groupFields) key += grouped.has(field) ? `${String(values[field])}\u0000` : "\u0000";
    let result = groups.get(key);
    if (!result) {
      result = { object };
      for (const field of sumFields) result[field] = 0;
      for (const field of groupFields) result[field] = grouped.has(field) ? (values[field] ?? null) : null;
      groups.set(key, result);
    }
    for (const field of sumFields) (result[field] as number) += (values[field] as number | undefined) ?? 0;
  }
  return [...groups.values()];
}
