/**
 * Reader for the Anthropic Console's usage CSV export (Usage page, "Export"). Tolerant like the
 * OpenAI reader: header names in any case, the Console's names or the Admin API's, counts written
 * as floats ("10.0") or with thousands separators, blank rows and days without usage skipped, and
 * rows with identical visible groups kept apart (sumAnthropicCsvRows adds them up).
 *
 * The Console's column names here come from exports seen in the wild, not from a published spec:
 * verify them against a fresh export before relying on a diff (unknown columns are ignored, a
 * missing metric column is an error that lists the columns found).
 */
import { UsageError } from "../lib/runtime";
import { dayOf, parseTimestamp, readCsvTable } from "./csv";

export interface AnthropicCsvRow {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  model: string | null;
  /** As exported: an id or a name; null for the default workspace / Console usage. */
  workspace: string | null;
  apiKey: string | null;
  serviceTier: string | null;
  contextWindow: string | null;
  uncachedInputTokens: number;
  cacheReadInputTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  webSearchRequests: number;
  /** uncached + cache reads + both cache writes: what CogniTrack stores as input_tokens. */
  inputTokens: number;
  /** CSV line number. */
  line: number;
}

/** Accepted header names (after normalizeHeader: lower case, dots as underscores), first match wins. */
const ALIASES = {
  day: ["usage_date_utc", "date", "day", "usage_date", "starting_at", "bucket_start"],
  model: ["model_version", "model"],
  workspace: ["workspace", "workspace_name", "workspace_id"],
  apiKey: ["api_key", "api_key_name", "api_key_id"],
  serviceTier: ["usage_type", "service_tier", "tier"],
  contextWindow: ["context_window"],
  uncached: ["usage_input_tokens_no_cache", "uncached_input_tokens", "input_tokens_no_cache"],
  cacheWrite5m: [
    "usage_input_tokens_cache_write_5m",
    "cache_creation_ephemeral_5m_input_tokens",
    "ephemeral_5m_input_tokens",
  ],
  cacheWrite1h: [
    "usage_input_tokens_cache_write_1h",
    "cache_creation_ephemeral_1h_input_tokens",
    "ephemeral_1h_input_tokens",
  ],
  cacheRead: ["usage_input_tokens_cache_read", "cache_read_input_tokens"],
  output: ["usage_output_tokens", "output_tokens"],
  webSearch: ["web_search_count", "web_search_requests", "server_tool_use_web_search_requests"],
} as const;
const METRICS = ["uncached", "cacheWrite5m", "cacheWrite1h", "cacheRead", "output", "webSearch"] as const;
/** How the Console names the workspace without an id. */
const DEFAULT_WORKSPACE_NAMES = new Set(["default", "default workspace", "(default)"]);

/** Whole, non-negative counts; "1,234", "1234.0" and "" (= 0) are accepted, "12.5" is not. */
function parseCount(value: string | null, column: string, line: number): number {
  if (value === null) return 0;
  const v = value.replace(/[,_\s]/g, "");
  if (!/^\d+(\.0+)?$/.test(v))
    throw new UsageError(`line ${line}: ${column} "${value}" is not a whole number of tokens`);
  return Number(v.replace(/\.0+$/, ""));
}

export function parseAnthropicUsageCsv(text: string | Buffer): { rows: AnthropicCsvRow[]; columns: string[] } {
  const table = readCsvTable(text, ALIASES);
  const { columns } = table;
  if (!table.has("day")) {
    throw new UsageError(
      `the CSV has no usage_date_utc (or date) column; its columns are: ${columns.join(", ") || "(none)"}`,
    );
  }
  if (!METRICS.some((m) => m !== "webSearch" && table.has(m))) {
    throw new UsageError(
      `the CSV has no token columns (e.g. usage_input_tokens_no_cache, usage_output_tokens); is it an Anthropic usage export? Its columns are: ${columns.join(", ")}`,
    );
  }

  const rows: AnthropicCsvRow[] = [];
  for (const { line, cell } of table.rows) {
    // A day without usage comes as a row of empty metrics: nothing to compare.
    if (METRICS.every((m) => cell(m) === null)) continue;
    const rawDay = cell("day");
    const start = rawDay === null ? null : parseTimestamp(rawDay);
    if (start === null)
      throw new UsageError(`line ${line}: the date ${rawDay === null ? "is empty" : `"${rawDay}" is not a date`}`);
    const workspace = cell("workspace");
    const counts = {
      uncachedInputTokens: parseCount(cell("uncached"), "uncached input tokens", line),
      cacheReadInputTokens: parseCount(cell("cacheRead"), "cache read tokens", line),
      cacheWrite5mTokens: parseCount(cell("cacheWrite5m"), "5-minute cache write tokens", line),
      cacheWrite1hTokens: parseCount(cell("cacheWrite1h"), "1-hour cache write tokens", line),
      outputTokens: parseCount(cell("output"), "output tokens", line),
      webSearchRequests: parseCount(cell("webSearch"), "web searches", line),
    };
    rows.push({
      line,
      day: dayOf(start),
      model: cell("model"),
      workspace: workspace && DEFAULT_WORKSPACE_NAMES.has(workspace.toLowerCase()) ? null : workspace,
      apiKey: cell("apiKey"),
      serviceTier: cell("serviceTier")?.toLowerCase() ?? null,
      contextWindow: cell("contextWindow"),
      ...counts,
      inputTokens:
        counts.uncachedInputTokens +
        counts.cacheReadInputTokens +
        counts.cacheWrite5mTokens +
        counts.cacheWrite1hTokens,
    });
  }
  return { rows, columns };
}

/** Rows with the same visible groups summed (the export can split one group over two lines). */
export function sumAnthropicCsvRows(rows: readonly AnthropicCsvRow[]): AnthropicCsvRow[] {
  const byKey = new Map<string, AnthropicCsvRow>();
  for (const r of rows) {
    const key = JSON.stringify([r.day, r.model, r.workspace, r.apiKey, r.serviceTier, r.contextWindow]);
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { ...r });
      continue;
    }
    prev.uncachedInputTokens += r.uncachedInputTokens;
    prev.cacheReadInputTokens += r.cacheReadInputTokens;
    prev.cacheWrite5mTokens += r.cacheWrite5mTokens;
    prev.cacheWrite1hTokens += r.cacheWrite1hTokens;
    prev.outputTokens += r.outputTokens;
    prev.webSearchRequests += r.webSearchRequests;
    prev.inputTokens += r.inputTokens;
  }
  return [...byKey.values()];
}
