// Filters and group_by over finest-grain rows, as the usage API does: fields in group_by keep their
// values, every other group field comes back null and the counters are summed across it.

import { COMPLETIONS_DETAIL_FIELDS, EXTRA_USAGE_KINDS, type ExtraUsageKind } from "./extra-types";
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

export type UsageKind = "completions" | "embeddings" | ExtraUsageKind;
export const USAGE_KINDS: readonly UsageKind[] = ["completions", "embeddings", ...EXTRA_USAGE_KINDS];

interface KindSpec {
  groupFields: readonly string[];
  sumFields: readonly string[];
  object: string;
  /** extra list filters: query parameter -> row field */
  filters: Readonly<Record<string, string>>;
}

const WHO = ["project_id", "user_id", "api_key_id"] as const;
const MODEL_KIND = (object: string, sumFields: readonly string[]): KindSpec => ({
  groupFields: [...WHO, "model"],
  sumFields,
  object,
  filters: {},
});

// Object names as OpenAI's openapi writes them (web/file search results are "web_searches"/"file_searches").
const KIND_SPECS: Record<UsageKind, KindSpec> = {
  completions: {
    groupFields: COMPLETIONS_GROUP_FIELDS,
    sumFields: COMPLETIONS_SUM_FIELDS,
    object: "organization.usage.completions.result",
    filters: {},
  },
  embeddings: MODEL_KIND("organization.usage.embeddings.result", EMBEDDINGS_SUM_FIELDS),
  moderations: MODEL_KIND("organization.usage.moderations.result", ["input_tokens", "num_model_requests"]),
  images: {
    groupFields: [...WHO, "model", "size", "source"],
    sumFields: ["images", "num_model_requests"],
    object: "organization.usage.images.result",
    filters: { sizes: "size", sources: "source" },
  },
  audio_speeches: MODEL_KIND("organization.usage.audio_speeches.result", ["characters", "num_model_requests"]),
  audio_transcriptions: MODEL_KIND("organization.usage.audio_transcriptions.result", ["seconds", "num_model_requests"]),
  vector_stores: {
    groupFields: ["project_id"],
    sumFields: ["usage_bytes"],
    object: "organization.usage.vector_stores.result",
    filters: {},
  },
  code_interpreter_sessions: {
    groupFields: ["project_id"],
    sumFields: ["num_sessions"],
    object: "organization.usage.code_interpreter_sessions.result",
    filters: {},
  },
  web_search_calls: {
    groupFields: [...WHO, "model", "context_level"],
    sumFields: ["num_model_requests", "num_requests"],
    object: "organization.usage.web_searches.result",
    filters: { context_levels: "context_level" },
  },
  file_search_calls: {
    groupFields: [...WHO, "vector_store_id"],
    sumFields: ["num_requests"],
    object: "organization.usage.file_searches.result",
    filters: { vector_store_ids: "vector_store_id" },
  },
};

export interface UsageFilters {
  projectIds: string[];
  userIds: string[];
  apiKeyIds: string[];
  models: string[];
  /** completions only */
  batch?: boolean;
  /** the endpoint's own list filters (sizes, sources, context_levels, vector_store_ids): field -> values */
  fields?: Record<string, string[]>;
}

export type UsageResult = { object: string } & Record<string, string | number | boolean | null>;
type AnyRow = CompletionsRow | EmbeddingsRow | object;

export function groupFieldsFor(kind: UsageKind): readonly string[] {
  return KIND_SPECS[kind].groupFields;
}

export function sumFieldsFor(kind: UsageKind): readonly string[] {
  return KIND_SPECS[kind].sumFields;
}

/** Query parameters of the endpoint's own list filters, with the row field each one filters. */
export function extraFiltersFor(kind: UsageKind): Readonly<Record<string, string>> {
  return KIND_SPECS[kind].filters;
}

/** Which filters apply to a kind: the usage API has no model filter where rows have no model. */
function accepts(kind: UsageKind, field: string): boolean {
  return KIND_SPECS[kind].groupFields.includes(field);
}

function matches(kind: UsageKind, row: AnyRow, filters: UsageFilters): boolean {
  const values = row as Record<string, unknown>;
  const miss = (field: string, wanted: string[]) =>
    wanted.length > 0 && accepts(kind, field) && !wanted.includes((values[field] as string | null) ?? "");
  if (miss("project_id", filters.projectIds) || miss("user_id", filters.userIds)) return false;
  if (miss("api_key_id", filters.apiKeyIds) || miss("model", filters.models)) return false;
  if (filters.batch !== undefined && "batch" in values && values.batch !== filters.batch) return false;
  for (const [field, wanted] of Object.entries(filters.fields ?? {})) if (miss(field, wanted)) return false;
  return true;
}

/** Aggregate one bucket's rows. Result order: first appearance of each group in the rows. */
export function aggregateUsage(
  kind: UsageKind,
  rows: ReadonlyArray<AnyRow>,
  filters: UsageFilters,
  groupBy: readonly string[],
): UsageResult[] {
  const spec = KIND_SPECS[kind];
  const groupFields = spec.groupFields;
  // Completions detail counters are summed only when the rows carry them (extra usage on), so the
  // default dataset's responses stay exactly as they were.
  const details = kind === "completions" && rows.length > 0 && COMPLETIONS_DETAIL_FIELDS[0] in rows[0];
  const sumFields: readonly string[] = details ? [...spec.sumFields, ...COMPLETIONS_DETAIL_FIELDS] : spec.sumFields;
  const object = spec.object;
  const grouped = new Set(groupBy);
  const groups = new Map<string, UsageResult>();
  for (const row of rows) {
    if (!matches(kind, row, filters)) continue;
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
