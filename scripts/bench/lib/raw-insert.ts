/**
 * The baseline the ingest path is compared with: the same rows, straight from the dataset, written
 * with a plain multi-row `INSERT ... SELECT FROM unnest(...)` (same column arrays and casts as
 * src/lib/ingestion/persist.ts, same batch size as the emulator's pages) into an empty copy of
 * usage_events, with no ON CONFLICT, no HTTP, no JSON and no zod. The statement variants let the
 * profile add back persist.ts's features one at a time (the foreign key, ON CONFLICT, RETURNING).
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/types";
import type { NormalizedUsageRecord } from "@/lib/providers/types";
import { DAY_SECONDS, dayStartOf, type EmulatorDataset } from "../../emulator/types";

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface RawInsertResult {
  table: string;
  rows: number;
  statements: number;
  /** time inside db.execute only (row building excluded) */
  seconds: number;
  rows_per_s: number;
}

export class Columns {
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

  static fromRecords(records: NormalizedUsageRecord[]): Columns {
    const c = new Columns();
    for (const r of records) {
      c.provider.push(r.provider);
      c.source.push(r.source);
      c.model.push(r.model);
      c.windowStart.push(r.windowStart.toISOString());
      c.windowEnd.push(r.windowEnd.toISOString());
      c.input.push(r.inputTokens);
      c.output.push(r.outputTokens);
      c.cached.push(r.cachedInputTokens);
      c.requests.push(r.requests);
      c.project.push(r.projectId);
      c.apiKey.push(r.apiKeyId);
      c.user.push(r.providerUserId);
      c.tier.push(r.serviceTier);
      c.batch.push(r.batch);
    }
    return c;
  }
}

/**
 * plain: INSERT ... SELECT FROM unnest; upsert: + ON CONFLICT DO UPDATE ... WHERE changed;
 * upsert_returning: persist.ts's exact statement shape (+ RETURNING (xmax = 0) inside a CTE, counted).
 */
export type InsertMode = "plain" | "upsert" | "upsert_returning";

export function insertStatement(table: string, orgId: string, accountId: string, c: Columns, mode: InsertMode): SQL {
  const p = <T>(values: T[]) => sql.param(values);
  const t = sql.identifier(table);
  const insert = sql`insert into ${t} (org_id, account_id, provider, source, model, window_start, window_end,
      input_tokens, output_tokens, cached_input_tokens, requests, project_id, api_key_id, provider_user_id,
      service_tier, batch, simulated)
    select ${orgId}::uuid, ${accountId}::uuid, t.*, false from unnest(
      ${p(c.provider)}::text[], ${p(c.source)}::text[], ${p(c.model)}::text[], ${p(c.windowStart)}::timestamptz[],
      ${p(c.windowEnd)}::timestamptz[], ${p(c.input)}::bigint[], ${p(c.output)}::bigint[], ${p(c.cached)}::bigint[],
      ${p(c.requests)}::integer[], ${p(c.project)}::text[], ${p(c.apiKey)}::text[], ${p(c.user)}::text[],
      ${p(c.tier)}::text[], ${p(c.batch)}::boolean[]
    ) as t(provider, source, model, window_start, window_end, input_tokens, output_tokens, cached_input_tokens,
           requests, project_id, api_key_id, provider_user_id, service_tier, batch)`;
  if (mode === "plain") return insert;
  const upsert = sql`${insert}
    on conflict (account_id, model, window_start, window_end, project_id, api_key_id, provider_user_id, service_tier, batch,
      context_window, inference_geo, endpoint, image_size, image_source, context_level, vector_store_id)
    do update set input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
      cached_input_tokens = excluded.cached_input_tokens, requests = excluded.requests,
      source = excluded.source, simulated = excluded.simulated, updated_at = now()
    where (${t}.input_tokens, ${t}.output_tokens, ${t}.cached_input_tokens, ${t}.requests, ${t}.source, ${t}.simulated)
      is distinct from (excluded.input_tokens, excluded.output_tokens, excluded.cached_input_tokens,
        excluded.requests, excluded.source, excluded.simulated)`;
  if (mode === "upsert") return upsert;
  return sql`with upserted as (${upsert} returning (xmax = 0) as inserted)
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from upserted`;
}

/** An empty copy of usage_events: optionally with its indexes (unique + secondary) and its foreign key. */
export async function createCopyTable(db: Db, table: string, opts: { indexes: boolean; foreignKeys?: boolean }) {
  const t = sql.identifier(table);
  await db.execute(sql`drop table if exists ${t}`);
  await db.execute(
    opts.indexes
      ? sql`create table ${t} (like usage_events including all)`
      : sql`create table ${t} (like usage_events including defaults including identity)`,
  );
  if (opts.foreignKeys) {
    await db.execute(sql`alter table ${t}
      add foreign key (org_id, account_id) references provider_accounts(org_id, id) on delete cascade`);
  }
}

/** The whole dataset window, completions then embeddings day by day (the order ingestion writes them). */
export async function rawInsert(
  db: Db,
  opts: {
    table: string;
    dataset: EmulatorDataset;
    /** The emulated provider organization whose usage is written. */
    providerOrgId: string;
    firstDay: string;
    lastDay: string;
    batchRows: number;
    orgId: string;
    accountId: string;
    onProgress?: (rows: number) => void;
  },
): Promise<RawInsertResult> {
  let ms = 0;
  let rows = 0;
  let statements = 0;
  let cols = new Columns();
  const flush = async () => {
    if (cols.length === 0) return;
    const query = insertStatement(opts.table, opts.orgId, opts.accountId, cols, "plain");
    const start = performance.now();
    await db.execute(query);
    ms += performance.now() - start;
    rows += cols.length;
    statements++;
    cols = new Columns();
    opts.onProgress?.(rows);
  };
  const first = dayStartOf(opts.firstDay);
  const last = dayStartOf(opts.lastDay);
  for (const kind of ["completions", "embeddings"] as const) {
    for (let day = first; day <= last; day += DAY_SECONDS) {
      const start = new Date(day * 1000).toISOString();
      const end = new Date((day + DAY_SECONDS) * 1000).toISOString();
      const usage = opts.dataset.dayUsage(day, opts.providerOrgId);
      const rowsOfDay =
        kind === "completions"
          ? usage.completions.map((r) => ({ ...r, service_tier: r.service_tier as string | null }))
          : usage.embeddings.map((r) => ({
              ...r,
              output_tokens: 0,
              input_cached_tokens: 0,
              service_tier: null,
              batch: null,
            }));
      for (const r of rowsOfDay) {
        cols.provider.push("openai");
        cols.source.push(kind);
        cols.model.push(r.model || "unknown");
        cols.windowStart.push(start);
        cols.windowEnd.push(end);
        cols.input.push(r.input_tokens);
        cols.output.push(r.output_tokens);
        cols.cached.push(r.input_cached_tokens);
        cols.requests.push(r.num_model_requests);
        cols.project.push(r.project_id);
        cols.apiKey.push(r.api_key_id);
        cols.user.push(r.user_id);
        cols.tier.push(r.service_tier);
        cols.batch.push(r.batch);
        if (cols.length >= opts.batchRows) await flush();
      }
    }
    await flush();
  }
  const seconds = ms / 1000;
  return { table: opts.table, rows, statements, seconds: round(seconds, 2), rows_per_s: Math.round(rows / seconds) };
}
