/**
 * What ingestion left in the database, in a form that is identical on every run: a fixed column
 * list cast to text in SQL (so PGlite and node-postgres agree on bigint, boolean and timestamp
 * rendering), without ids, user/key uuids and timestamps, sorted in JavaScript by code unit (not by
 * a database collation), then hashed with SHA-256.
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";

export const USAGE_COLUMNS = [
  "provider",
  "source",
  "model",
  "window_start",
  "window_end",
  "input_tokens",
  "output_tokens",
  "cached_input_tokens",
  "requests",
  "project_id",
  "api_key_id",
  "provider_user_id",
  "service_tier",
  "batch",
  "simulated",
] as const;

export const CATALOG_COLUMNS = ["kind", "external_id", "name", "details"] as const;

type TextRow = Record<string, string | null>;

export async function usageRows(db: Db, orgId: string): Promise<TextRow[]> {
  return rowsOf<TextRow>(
    await db.execute(sql`
      select provider, source, model,
        extract(epoch from window_start)::bigint::text as window_start,
        extract(epoch from window_end)::bigint::text as window_end,
        input_tokens::text as input_tokens, output_tokens::text as output_tokens,
        cached_input_tokens::text as cached_input_tokens, requests::text as requests,
        project_id, api_key_id, provider_user_id, service_tier, batch::text as batch, simulated::text as simulated
      from usage_events where org_id = ${orgId}::uuid`),
  );
}

export async function catalogRows(db: Db, orgId: string): Promise<TextRow[]> {
  return rowsOf<TextRow>(
    await db.execute(sql`
      select kind, external_id, name, details::text as details
      from provider_catalog where org_id = ${orgId}::uuid`),
  );
}

/** One JSON array per row (scenario first, then the columns in order), sorted, newline-joined. */
export function canonicalLines(scenario: string, rows: TextRow[], columns: readonly string[]): string[] {
  return rows
    .map((r) => JSON.stringify([scenario, ...columns.map((c) => r[c] ?? null)]))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function sha256(lines: string[]): string {
  const hash = createHash("sha256");
  for (const line of lines) hash.update(line + "\n");
  return hash.digest("hex");
}

export function countBy(rows: TextRow[], column: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) {
    const k = r[column] ?? "null";
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
