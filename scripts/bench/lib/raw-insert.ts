/**
 * The baseline the ingest path is compared with: the same rows, straight from the dataset, written
 * with a plain multi-row `INSERT ... SELECT FROM unnest(...)` (same column arrays and casts as
 * src/lib/ingestion/persist.ts, same batch size as the emulator's pages) into an empty copy of
 * usage_events, with no ON CONFLICT, no HTTP, no JSON and no zod.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/types";
import { DAY_SECONDS, dayStartOf, type EmulatorDataset } from "../../emulator/types";

export interface RawInsertResult {
  table: string;
  rows: number;
  statements: number;
  /** time inside db.execute only (row building excluded) */
  seconds: number;
  rows_per_s: number;
}

class Columns {
  provider: string[] = [];
  source: string[] = [];
  model: string[] = [];
  windowStart: string[] = [];
  windowEnd: string[] = [];
  input: number[] = [];
  output: number[] = [];
  cached: number[] = [];
  requests: number[] = [];
  project: (string | null)[] = [];
  apiKey: (string | null)[] = [];
  user: (string | null)[] = [];
  tier: (string | null)[] = [];
  batch: (boolean | null)[] = [];
  get length() {
    return this.model.length;
  }
}

function insertStatement(table: string, userId: string, keyId: string, c: Columns) {
  const p = <T>(values: T[]) => sql.param(values);
  return sql`insert into ${sql.identifier(table)} (user_id, key_id, provider, source, model, window_start, window_end,
      input_tokens, output_tokens, cached_input_tokens, requests, project_id, api_key_id, provider_user_id,
      service_tier, batch, simulated)
    select ${userId}::uuid, ${keyId}::uuid, t.*, false from unnest(
      ${p(c.provider)}::text[], ${p(c.source)}::text[], ${p(c.model)}::text[], ${p(c.windowStart)}::timestamptz[],
      ${p(c.windowEnd)}::timestamptz[], ${p(c.input)}::bigint[], ${p(c.output)}::bigint[], ${p(c.cached)}::bigint[],
      ${p(c.requests)}::integer[], ${p(c.project)}::text[], ${p(c.apiKey)}::text[], ${p(c.user)}::text[],
      ${p(c.tier)}::text[], ${p(c.batch)}::boolean[]
    ) as t(provider, source, model, window_start, window_end, input_tokens, output_tokens, cached_input_tokens,
           requests, project_id, api_key_id, provider_user_id, service_tier, batch)`;
}

/** Creates `table` as an empty copy of usage_events: `withIndexes` copies its unique and secondary indexes. */
export async function createCopyTable(db: Db, table: string, withIndexes: boolean) {
  await db.execute(sql`drop table if exists ${sql.identifier(table)}`);
  await db.execute(
    withIndexes
      ? sql`create table ${sql.identifier(table)} (like usage_events including all)`
      : sql`create table ${sql.identifier(table)} (like usage_events including defaults including identity)`,
  );
}

export async function rawInsert(
  db: Db,
  opts: {
    table: string;
    dataset: EmulatorDataset;
    orgId: string;
    firstDay: string;
    lastDay: string;
    batchRows: number;
    userId: string;
    keyId: string;
    onProgress?: (rows: number) => void;
  },
): Promise<RawInsertResult> {
  let ms = 0;
  let rows = 0;
  let statements = 0;
  let cols = new Columns();
  const flush = async () => {
    if (cols.length === 0) return;
    const query = insertStatement(opts.table, opts.userId, opts.keyId, cols);
    const start = performance.now();
    await db.execute(query);
    ms += performance.now() - start;
    rows += cols.length;
    statements++;
    cols = new Columns();
    opts.onProgress?.(rows);
  };
  const push = async (
    source: string,
    day: number,
    r: { model: string | null; input_tokens: number; num_model_requests: number; project_id: string | null },
    extra: { output: number; cached: number; apiKey: string | null; user: string | null; tier: string | null; batch: boolean | null },
  ) => {
    cols.provider.push("openai");
    cols.source.push(source);
    cols.model.push(r.model || "unknown");
    cols.windowStart.push(new Date(day * 1000).toISOString());
    cols.windowEnd.push(new Date((day + DAY_SECONDS) * 1000).toISOString());
    cols.input.push(r.input_tokens);
    cols.output.push(extra.output);
    cols.cached.push(extra.cached);
    cols.requests.push(r.num_model_requests);
    cols.project.push(r.project_id);
    cols.apiKey.push(extra.apiKey);
    cols.user.push(extra.user);
    cols.tier.push(extra.tier);
    cols.batch.push(extra.batch);
    if (cols.length >= opts.batchRows) await flush();
  };
  // Completions then embeddings, day by day: the order the ingest path writes them in.
  const first = dayStartOf(opts.firstDay);
  const last = dayStartOf(opts.lastDay);
  for (const kind of ["completions", "embeddings"] as const) {
    for (let day = first; day <= last; day += DAY_SECONDS) {
      const usage = opts.dataset.dayUsage(day, opts.orgId);
      if (kind === "completions") {
        for (const r of usage.completions) {
          await push("completions", day, r, {
            output: r.output_tokens,
            cached: r.input_cached_tokens,
            apiKey: r.api_key_id,
            user: r.user_id,
            tier: r.service_tier,
            batch: r.batch,
          });
        }
      } else {
        for (const r of usage.embeddings) {
          await push("embeddings", day, r, {
            output: 0,
            cached: 0,
            apiKey: r.api_key_id,
            user: r.user_id,
            tier: null,
            batch: null,
          });
        }
      }
    }
    await flush();
  }
  const seconds = ms / 1000;
  return { table: opts.table, rows, statements, seconds: round(seconds, 2), rows_per_s: Math.round(rows / seconds) };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
