import type { Db } from "@/db/types";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import type { AnalyticsFilters } from "./contract";
import { validateFilters } from "./filters";
import { iterateUsageRows, type UsageRow } from "./rows";

export const CSV_COLUMNS = [
  "date_utc",
  "provider_account",
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

/** RFC 4180: quote fields holding a comma, quote or line break, doubling the quotes. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: (string | number | boolean | null | undefined)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

function rowFields(r: UsageRow) {
  return [
    r.date,
    r.accountLabel,
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

async function* csvChunks(db: Db, orgId: string, filters: AnalyticsFilters): AsyncGenerator<string> {
  yield csvLine([...CSV_COLUMNS]);
  for await (const batch of iterateUsageRows(db, orgId, filters)) {
    yield batch.map((r) => csvLine(rowFields(r))).join("");
  }
}

/**
 * The filtered view as CSV, one line per stored usage row, streamed in batches. Filters are
 * checked before the stream starts, so a bad request fails with a 400, not a truncated file.
 */
export function streamUsageCsv(db: Db, orgId: string, filters: AnalyticsFilters): ReadableStream<Uint8Array> {
  const f = validateFilters(filters);
  const chunks = csvChunks(db, orgId, f);
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
export function exportUsageCsv(db: Db, actor: ActingAs, filters: AnalyticsFilters): ReadableStream<Uint8Array> {
  assertCan(actor, "usage:export");
  return streamUsageCsv(db, actor.orgId, filters);
}

/** The whole CSV as one string (tests, small exports). */
export async function buildUsageCsv(db: Db, orgId: string, filters: AnalyticsFilters): Promise<string> {
  const f = validateFilters(filters);
  let out = "";
  for await (const chunk of csvChunks(db, orgId, f)) out += chunk;
  return out;
}

export function csvFilename(filters: Pick<AnalyticsFilters, "start" | "end">): string {
  return `cognitrack-usage-${filters.start}-to-${filters.end}.csv`;
}
