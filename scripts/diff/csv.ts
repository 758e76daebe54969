/**
 * OpenAI usage CSV exports, both ways: a tolerant reader (header names in any case, ISO or unix
 * times, aliases, empty cells as null) and a writer that produces the same columns from stored rows.
 */
import { parse } from "csv-parse/sync";
import { UsageError } from "../lib/runtime";

/** One usage row, from a CSV export or from usage_events, in the export's vocabulary. */
export interface UsageRow {
  /** UTC day of the bucket start, YYYY-MM-DD. */
  day: string;
  /** Unix seconds. */
  startTime: number;
  endTime: number | null;
  projectId: string | null;
  apiKeyId: string | null;
  userId: string | null;
  model: string | null;
  batch: boolean | null;
  serviceTier: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  inputCachedTokens: number | null;
  numModelRequests: number | null;
  /** CSV line number (CSV rows only). */
  line?: number;
  /** Stored stand-in rows (ENABLE_SIMULATED_USAGE) are never compared. */
  simulated?: boolean;
  /** Stored rows summed into this one (stored usage arrives grouped per day and key); default 1. */
  rows?: number;
}

/** The columns `toUsageCsv` writes, in order (the usage export's names). */
export const CSV_COLUMNS = [
  "start_time",
  "end_time",
  "start_time_iso",
  "end_time_iso",
  "project_id",
  "api_key_id",
  "user_id",
  "model",
  "batch",
  "service_tier",
  "input_tokens",
  "output_tokens",
  "input_cached_tokens",
  "num_model_requests",
] as const;

/** Accepted header names per field, first match wins per row (start_time may be unix or ISO). */
const ALIASES = {
  start: ["start_time", "start_time_iso", "date", "day", "bucket_start_time"],
  end: ["end_time", "end_time_iso"],
  projectId: ["project_id"],
  apiKeyId: ["api_key_id"],
  userId: ["user_id"],
  model: ["model"],
  batch: ["batch"],
  serviceTier: ["service_tier"],
  inputTokens: ["input_tokens"],
  outputTokens: ["output_tokens"],
  inputCachedTokens: ["input_cached_tokens", "cached_input_tokens", "input_cached_text_tokens"],
  numModelRequests: ["num_model_requests", "requests", "n_requests"],
} as const;
type Field = keyof typeof ALIASES;

/** Header names in any case, with spaces, dashes or dots ("cache_creation.ephemeral_5m") as underscores. */
export const normalizeHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, "_");

/** A CSV read once for every export format: header names normalized, each field found by its aliases. */
export interface CsvTable<F extends string> {
  /** Normalized header names as found. */
  columns: string[];
  /** Whether any alias of the field is a column. */
  has(field: F): boolean;
  /** Data rows (blank lines skipped); `cell` is the first non-empty aliased cell, trimmed, or null. */
  rows: { line: number; cell(field: F): string | null }[];
}

export function readCsvTable<F extends string>(
  text: string | Buffer,
  aliases: Readonly<Record<F, readonly string[]>>,
): CsvTable<F> {
  let records: { info: { lines: number }; record: string[] }[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (e) {
    throw new UsageError(`the CSV cannot be read: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new UsageError("the CSV is empty (not even a header line)");
  const columns = records[0]!.record.map(normalizeHeader);
  const idx = new Map<F, number[]>(
    (Object.keys(aliases) as F[]).map((f) => [f, aliases[f].map((n) => columns.indexOf(n)).filter((i) => i >= 0)]),
  );
  return {
    columns,
    has: (field) => (idx.get(field) ?? []).length > 0,
    rows: records.slice(1).map(({ info, record }) => ({
      line: info.lines,
      cell(field) {
        for (const i of idx.get(field) ?? []) {
          const v = record[i]?.trim();
          if (v) return v;
        }
        return null;
      },
    })),
  };
}

const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Unix seconds (or milliseconds), `YYYY-MM-DD`, or an ISO date-time (no zone = UTC). */
export function parseTimestamp(value: string): number | null {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    return Math.floor(n > 1e11 ? n / 1000 : n);
  }
  let iso = v;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) iso = `${v}T00:00:00Z`;
  else if (ISO_NO_ZONE.test(v)) iso = `${v.replace(" ", "T")}Z`;
  else iso = v.replace(/^(\d{4}-\d{2}-\d{2}) /, "$1T");
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  return Math.floor(ms / 1000);
}

export const dayOf = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

function parseNumber(value: string | null, column: string, line: number): number | null {
  if (value === null) return null;
  const v = value.replace(/[,_\s]/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(v)) throw new UsageError(`line ${line}: ${column} "${value}" is not a number`);
  return Number(v);
}

function parseBatch(value: string | null, line: number): boolean | null {
  if (value === null) return null;
  const v = value.toLowerCase();
  if (["true", "1", "yes", "t"].includes(v)) return true;
  if (["false", "0", "no", "f"].includes(v)) return false;
  throw new UsageError(`line ${line}: batch "${value}" is not true or false`);
}

export interface ParsedCsv {
  rows: UsageRow[];
  /** Normalized header names as found. */
  columns: string[];
}

export function parseUsageCsv(text: string | Buffer): ParsedCsv {
  const table = readCsvTable(text, ALIASES);
  if (!table.has("start")) {
    throw new UsageError(
      `the CSV has no start_time (or start_time_iso, date) column; its columns are: ${table.columns.join(", ") || "(none)"}`,
    );
  }
  const metrics: Field[] = ["inputTokens", "outputTokens", "inputCachedTokens", "numModelRequests"];
  if (!metrics.some((f) => table.has(f))) {
    throw new UsageError(
      "the CSV has none of input_tokens, output_tokens, input_cached_tokens, num_model_requests; is it a usage export?",
    );
  }

  const rows = table.rows.map(({ line, cell }): UsageRow => {
    const rawStart = cell("start");
    const startTime = rawStart === null ? null : parseTimestamp(rawStart);
    if (startTime === null) {
      throw new UsageError(
        `line ${line}: the start time ${rawStart === null ? "is empty" : `"${rawStart}" is not a date`}`,
      );
    }
    const rawEnd = cell("end");
    return {
      line,
      day: dayOf(startTime),
      startTime,
      endTime: rawEnd === null ? null : parseTimestamp(rawEnd),
      projectId: cell("projectId"),
      apiKeyId: cell("apiKeyId"),
      userId: cell("userId"),
      model: cell("model"),
      batch: parseBatch(cell("batch"), line),
      serviceTier: cell("serviceTier"),
      inputTokens: parseNumber(cell("inputTokens"), "input_tokens", line),
      outputTokens: parseNumber(cell("outputTokens"), "output_tokens", line),
      inputCachedTokens: parseNumber(cell("inputCachedTokens"), "input_cached_tokens", line),
      numModelRequests: parseNumber(cell("numModelRequests"), "num_model_requests", line),
    };
  });
  return { rows, columns: table.columns };
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  const s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const iso = (unix: number | null) => (unix === null ? null : new Date(unix * 1000).toISOString().replace(".000Z", "Z"));

/** Rows in the usage export's format: one line per row, header first, stable order, CRLF-free. */
export function toUsageCsv(rows: UsageRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of rows) {
    lines.push(
      [
        r.startTime,
        r.endTime,
        iso(r.startTime),
        iso(r.endTime),
        r.projectId,
        r.apiKeyId,
        r.userId,
        r.model,
        r.batch,
        r.serviceTier,
        r.inputTokens,
        r.outputTokens,
        r.inputCachedTokens,
        r.numModelRequests,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}
