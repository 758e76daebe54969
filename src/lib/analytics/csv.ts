import type { Db } from "@/db/types";
import { csvLine } from "@/lib/csv/cell";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import type { AnalyticsFilters } from "./contract";
import { validateFilters } from "./filters";
import { AppError } from "@/lib/errors";
import type { ReadTimeoutOptions } from "./read-timeout";
import { countUsageRows, iterateUsageRows, type UsageRow } from "./rows";

export const CSV_COLUMNS = [
  "date_utc",
  "provider_account",
  "provider",
  "model",
  "project_id",
  "project_name",
  "api_key_id",
  "api_key_name",
  "user_id",
  "user_name",
  "service_tier",
  "batch",
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "requests",
  "estimated_cost_usd",
  "simulated",
] as const;

function rowFields(r: UsageRow) {
  return [
    r.date,
    r.accountLabel,
    r.provider,
    r.model,
    r.projectId,
    r.projectName,
    r.apiKeyId,
    r.apiKeyName,
    r.providerUserId,
    r.userName,
    r.serviceTier,
    r.batch,
    r.inputTokens,
    r.cachedInputTokens,
    r.outputTokens,
    r.requests,
    r.estimatedCostUsd,
    r.simulated,
  ];
}

/**
 * Rows per CSV file. A year of a large organization is about 1M rows, so big histories are
 * exported a few months at a time; 200,000 rows is a file of about 40 MB that spreadsheets open.
 */
export const MAX_EXPORT_ROWS = 200_000;

export interface ExportOptions extends ReadTimeoutOptions {
  /** Overrides MAX_EXPORT_ROWS (tests). */
  maxRows?: number;
}

async function* csvChunks(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  options: ExportOptions,
): AsyncGenerator<string> {
  yield csvLine([...CSV_COLUMNS]);
  const maxRows = options.maxRows ?? MAX_EXPORT_ROWS;
  for await (const batch of iterateUsageRows(db, orgId, filters, 5000, { ...options, maxRows })) {
    yield batch.map((r) => csvLine(rowFields(r))).join("");
  }
}

/**
 * Everything that can refuse an export happens before its first byte: the filters are checked
 * and the matching rows counted (over the cap is a 400 that says how to narrow it; a database
 * failure or timeout is its own status), so a client never gets a 200 and then a cut connection
 * for anything we could know up front. Rows stored while the file streams may push it past the
 * count; it still stops at MAX_EXPORT_ROWS.
 */
async function checkExport(db: Db, orgId: string, filters: AnalyticsFilters, options: ExportOptions) {
  const f = validateFilters(filters);
  const rows = await countUsageRows(db, orgId, f, options);
  const maxRows = options.maxRows ?? MAX_EXPORT_ROWS;
  if (rows > maxRows) {
    throw new AppError(
      "BAD_REQUEST",
      `This export would hold ${rows.toLocaleString("en-US")} rows; one file holds at most ${maxRows.toLocaleString("en-US")}. Narrow the date range or add a filter.`,
    );
  }
  return f;
}

/** The filtered view as CSV, one line per stored usage row, streamed in batches after checkExport. */
export async function streamUsageCsv(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  options: ExportOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const f = await checkExport(db, orgId, filters, options);
  const chunks = csvChunks(db, orgId, f, options);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** GET /api/usage/export: the organization's filtered usage as CSV, for any member. */
export async function exportUsageCsv(
  db: Db,
  actor: ActingAs,
  filters: AnalyticsFilters,
): Promise<ReadableStream<Uint8Array>> {
  assertCan(actor, "usage:export");
  return streamUsageCsv(db, actor.orgId, filters);
}

/** The whole CSV as one string (tests, small exports). */
export async function buildUsageCsv(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  options: ExportOptions = {},
): Promise<string> {
  const f = await checkExport(db, orgId, filters, options);
  let out = "";
  for await (const chunk of csvChunks(db, orgId, f, options)) out += chunk;
  return out;
}

export function csvFilename(filters: Pick<AnalyticsFilters, "start" | "end">): string {
  return `cognitrack-usage-${filters.start}-to-${filters.end}.csv`;
}
