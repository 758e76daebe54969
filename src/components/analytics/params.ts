import { BREAKDOWN_DIMENSIONS, type AnalyticsFilters, type BreakdownDimension } from "@/lib/analytics/contract";

/** URL names of the analytics view state; the page, the export link and the client controls share them. */
export const PARAM = {
  start: "start",
  end: "end",
  accountId: "accountId",
  provider: "provider",
  projectId: "projectId",
  apiKeyId: "apiKeyId",
  model: "model",
  serviceTier: "serviceTier",
  batch: "batch",
  providerUserId: "providerUserId",
  granularity: "granularity",
  dim: "dim",
} as const satisfies Record<keyof AnalyticsFilters | "granularity" | "dim", string>;

export const DEFAULT_DIMENSION: BreakdownDimension = "model";

export const DIMENSIONS: { id: BreakdownDimension; label: string; noun: string; filter: keyof AnalyticsFilters }[] = [
  { id: "model", label: "Model", noun: "model", filter: "model" },
  { id: "project", label: "Project", noun: "project", filter: "projectId" },
  { id: "apiKey", label: "API key", noun: "API key", filter: "apiKeyId" },
  { id: "user", label: "Person", noun: "person", filter: "providerUserId" },
  { id: "serviceTier", label: "Service tier", noun: "service tier", filter: "serviceTier" },
  { id: "batch", label: "Batch", noun: "batch mode", filter: "batch" },
  { id: "account", label: "Provider account", noun: "provider account", filter: "accountId" },
  { id: "provider", label: "Provider", noun: "provider", filter: "provider" },
];

export function parseDimension(value: string | string[] | undefined): BreakdownDimension {
  const v = Array.isArray(value) ? value[0] : value;
  return (BREAKDOWN_DIMENSIONS as readonly string[]).includes(v ?? "") ? (v as BreakdownDimension) : DEFAULT_DIMENSION;
}
