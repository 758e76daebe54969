/**
 * The OpenAI key-year run of the ingest benchmark: the real entry point with stopwatches around
 * HTTP, db.execute and the rollup transaction, so the report can say where the time went.
 */
import type { Db } from "@/db/types";
import type { AppConfig } from "@/lib/env";
import { fetchAndStoreUsageForOrg, type IngestionResult } from "@/lib/ingestion/fetch-and-store";
import { resetStopwatch, stopwatch, timedDb, timedFetch, type Stopwatch } from "./instrument";
import { MemorySampler } from "./memory";
import { round } from "./raw-insert";
import { log, progress } from "./summary";

export interface IngestRunContext {
  db: Db;
  orgId: string;
  accountId: string;
  firstDay: string;
  lastDay: string;
  /** rows the dataset holds for the window, for the progress lines */
  expected: number;
  config: AppConfig;
  /** the emulator's day generator stopwatch (timedDataset); null when the emulator runs in its own process */
  genWatch: Stopwatch | null;
}

function byTime(ms: Record<string, number>, s: (ms: number) => number) {
  return Object.fromEntries(
    Object.entries(ms)
      .filter(([, v]) => v > 0)
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => [k, s(v)]),
  );
}

export function createIngestRunner(ctx: IngestRunContext) {
  const dbWatch = stopwatch();
  const txWatch = stopwatch();
  const httpWatch = stopwatch();
  const txByKind: Record<string, number> = {};
  const instrumentedDb = timedDb(ctx.db, dbWatch, txWatch, txByKind);
  const fetchImpl = timedFetch(httpWatch);
  return async (label: string) => {
    for (const w of [dbWatch, txWatch, httpWatch, ctx.genWatch]) if (w) resetStopwatch(w);
    for (const k of Object.keys(txByKind)) delete txByKind[k];
    const pages = { completions: 0, embeddings: 0 };
    let rows = 0;
    let costLines = 0;
    let lastPageAt = 0;
    let lastUsagePageAt = 0;
    // Pages write in transactions too (the upsert and its rollup deltas under the account's lock).
    const atLastPage = { http: 0, db: 0, gen: 0, tx: 0, byKind: {} as Record<string, number> };
    const report = progress(label, ctx.expected);
    const memory = new MemorySampler().start();
    const started = performance.now();
    const result: IngestionResult = await fetchAndStoreUsageForOrg(
      instrumentedDb,
      ctx.orgId,
      {
        start: ctx.firstDay,
        end: ctx.lastDay,
        trigger: "bench",
        label: `bench:${label}`,
        accountIds: [ctx.accountId],
        onProgress: (e) => {
          lastPageAt = performance.now();
          if (e.endpoint === "costs") costLines += e.rows;
          else {
            pages[e.endpoint as keyof typeof pages]++;
            rows += e.rows;
            lastUsagePageAt = lastPageAt;
          }
          Object.assign(atLastPage, {
            http: httpWatch.ms,
            db: dbWatch.ms,
            gen: ctx.genWatch?.ms ?? 0,
            tx: txWatch.ms,
            byKind: { ...txByKind },
          });
          report(
            rows,
            `  ${pages.completions + pages.embeddings} pages, ${costLines.toLocaleString("en-US")} cost lines`,
          );
        },
      },
      { config: ctx.config, fetch: fetchImpl },
    );
    const finished = performance.now();
    const seconds = (finished - started) / 1000;
    const tailS = lastPageAt ? (finished - lastPageAt) / 1000 : 0;
    const peaks = memory.stop();
    const t = result.telemetry;
    if (result.status !== "succeeded" || t.issues.length > 0) {
      log(`[${label}] status ${result.status}: ${t.issues.map((i) => `${i.code}: ${i.message}`).join(" | ") || "-"}`);
    }
    const pagesS = seconds - tailS;
    const s = (ms: number) => round(ms / 1000, 2);
    return {
      result,
      pages,
      summary: {
        status: result.status,
        seconds: round(seconds, 2),
        rows_per_s: Math.round(t.rowsFetched / seconds),
        /** the same, counting only the page loop (fetch, parse, upsert), not the rollup refresh after it */
        usage_pages_rows_per_s: Math.round(t.rowsFetched / (seconds - tailS)),
        ...peaks,
        requests: t.requestsMade,
        retries: t.retries,
        rows_fetched: t.rowsFetched,
        rows_inserted: t.rowsInserted,
        rows_updated: t.rowsUpdated,
        rows_unchanged: t.rowsUnchanged,
        time_split_s: {
          usage_pages: {
            total: round(pagesS, 2),
            of_which_cost_pages: round(lastUsagePageAt ? (lastPageAt - lastUsagePageAt) / 1000 : 0, 2),
            http_round_trips: s(atLastPage.http),
            of_which_emulator_generation: ctx.genWatch ? s(atLastPage.gen) : null,
            db_execute_upserts: s(atLastPage.db + atLastPage.tx),
            // Pages are read ahead, so HTTP and writes overlap: this goes negative when the overlap exceeds the rest.
            parse_validate_normalize_other_minus_overlap: round(
              pagesS - (atLastPage.http + atLastPage.db + atLastPage.tx) / 1000,
              2,
            ),
            page_transaction_statements: byTime(atLastPage.byKind, s),
          },
          after_last_page: {
            total: round(tailS, 2),
            rollup_refresh_transaction: s(txWatch.ms - atLastPage.tx),
            rollup_statements: byTime(
              Object.fromEntries(Object.entries(txByKind).map(([k, v]) => [k, v - (atLastPage.byKind[k] ?? 0)])),
              s,
            ),
            catalog_and_run_log: round(tailS - (txWatch.ms - atLastPage.tx) / 1000, 2),
          },
        },
      },
    };
  };
}
