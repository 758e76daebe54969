/**
 * `usage:diff --provider anthropic`: the Console's usage CSV export against the stored Anthropic
 * usage, per (UTC day, model, workspace), summed over API keys, service tiers, context windows and
 * regions. The Console names workspaces; stored rows carry workspace ids, so names are matched to
 * ids through the synced names catalog (the default workspace has no id on either side).
 */
import type { ParityData } from "@/lib/usage/parity-schemas";
import { parseAnthropicUsageCsv, type AnthropicCsvRow } from "./anthropic-csv";
import { compareGroups, summarizeComparison, type GroupComparison } from "./compare";
import type { DayRange } from "./stored";

export const ANTHROPIC_METRICS = [
  "input_tokens",
  "cache_read_input_tokens",
  "cache_write_5m_tokens",
  "cache_write_1h_tokens",
  "output_tokens",
  "web_search_requests",
] as const;
type Metric = (typeof ANTHROPIC_METRICS)[number];
type Totals = Record<Metric, number>;

export interface AnthropicGroupKey {
  day: string;
  model: string | null;
  /** The workspace id; null = the default workspace; a name the catalog does not know stays as written. */
  workspace: string | null;
}

export interface AnthropicDiffReport extends GroupComparison<AnthropicGroupKey, Metric> {
  provider: "anthropic";
  csvRows: number;
  dbRows: number;
  /** CSV workspace names that match no synced workspace (their groups show as only in the CSV). */
  unknownWorkspaces: string[];
  summary: ReturnType<typeof summarizeComparison>;
}

type Grouped = Map<string, { key: AnthropicGroupKey; totals: Totals }>;

function add(groups: Grouped, key: AnthropicGroupKey, t: Totals) {
  const id = JSON.stringify([key.day, key.model, key.workspace]);
  const g = groups.get(id);
  if (!g) groups.set(id, { key, totals: { ...t } });
  else for (const m of ANTHROPIC_METRICS) g.totals[m] += t[m];
}

const csvTotals = (r: AnthropicCsvRow): Totals => ({
  input_tokens: r.inputTokens,
  cache_read_input_tokens: r.cacheReadInputTokens,
  cache_write_5m_tokens: r.cacheWrite5mTokens,
  cache_write_1h_tokens: r.cacheWrite1hTokens,
  output_tokens: r.outputTokens,
  web_search_requests: r.webSearchRequests,
});

export function csvDays(text: string | Buffer): string[] {
  return parseAnthropicUsageCsv(text).rows.map((r) => r.day);
}

/** The CSV against the stored groups and workspace names of one organization (GET /api/usage/parity's answer). */
export function diffAnthropicUsage(
  stored: Pick<ParityData, "usage" | "workspaces">,
  csvText: string | Buffer,
  window: DayRange,
): AnthropicDiffReport & { csvRowsOutsideWindow: number } {
  const all = parseAnthropicUsageCsv(csvText).rows;
  const rows = all.filter((r) => r.day >= window.start && r.day <= window.end);
  const catalog = stored.workspaces ?? [];
  const ids = new Set(catalog.map((c) => c.externalId));
  const byName = new Map<string, string[]>();
  for (const c of catalog) byName.set(c.name, [...(byName.get(c.name) ?? []), c.externalId]);
  const unknown = new Set<string>();
  const workspaceOf = (written: string | null): string | null => {
    if (written === null || ids.has(written)) return written;
    const matches = byName.get(written) ?? [];
    if (matches.length === 1) return matches[0]!;
    unknown.add(written);
    return written;
  };

  const csv: Grouped = new Map();
  for (const r of rows) add(csv, { day: r.day, model: r.model, workspace: workspaceOf(r.workspace) }, csvTotals(r));
  const groups = (stored.usage ?? []).filter((g) => !g.simulated);
  const dbGroups: Grouped = new Map();
  for (const r of groups) {
    add(
      dbGroups,
      { day: r.day, model: r.model, workspace: r.projectId },
      {
        input_tokens: r.inputTokens,
        cache_read_input_tokens: r.cachedInputTokens,
        cache_write_5m_tokens: r.cacheWrite5mTokens,
        cache_write_1h_tokens: r.cacheWrite1hTokens,
        output_tokens: r.outputTokens,
        web_search_requests: r.webSearchRequests,
      },
    );
  }
  const comparison = compareGroups(csv, dbGroups, ANTHROPIC_METRICS);
  const unknownWorkspaces = [...unknown].sort();
  const note = unknownWorkspaces.length
    ? ` Workspace name(s) not in the synced catalog: ${unknownWorkspaces.join(", ")} (run a sync, or export with ids).`
    : "";
  return {
    provider: "anthropic",
    csvRows: rows.length,
    dbRows: groups.reduce((n, g) => n + g.rows, 0),
    csvRowsOutsideWindow: all.length - rows.length,
    ...comparison,
    unknownWorkspaces,
    summary: summarizeComparison(comparison, note),
  };
}
