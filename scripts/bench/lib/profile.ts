/**
 * Stage-by-stage cost of the ingest path on a sample of completions pages, each stage timed on its
 * own: emulator day generation, emulator aggregation (group_by), JSON.stringify, the HTTP exchange,
 * JSON.parse, the page check (./fast-page.ts, zod when it declines), normalisation, coalescing,
 * and the write itself (new rows, then unchanged).
 * The stages are the same functions the real run uses, called one after the other.
 */
import { sql } from "drizzle-orm";
import { COMPLETIONS_GROUP_BY } from "@/lib/providers/openai/admin-usage";
import { normalizeBuckets, normalizeCompletionsResult } from "@/lib/providers/openai/normalize";
import { COMPLETIONS_RULES, readUsagePageFast } from "@/lib/providers/openai/fast-page";
import { completionsPageSchema } from "@/lib/providers/openai/schemas";
import type { z } from "zod";
import { coalesceRecords } from "@/lib/ingestion/persist";
import { storeUsageDays } from "@/lib/ingestion/persist-usage-days";
import { UsageDayBuffer } from "@/lib/ingestion/usage-days";
import type { Db } from "@/db/types";
import { startEmulator } from "../../emulator/server";
import { generateDataset, type DatasetOptions } from "../../emulator/dataset";
import { handleUsage } from "../../emulator/usage-route";
import { DAY_SECONDS, dayStartOf } from "../../emulator/types";
import type { NormalizedUsageRecord } from "@/lib/providers/types";
import { stopwatch, timedDataset } from "./instrument";
import { Columns, createCopyTable, insertStatement, round, type InsertMode } from "./raw-insert";

/** The fast check returns what zod would (tests/unit/providers/fast-page.test.ts holds them to it). */
type CompletionsPage = z.output<typeof completionsPageSchema>;

const STAGES = [
  "emulator_generate",
  "emulator_aggregate",
  "emulator_stringify",
  "http_transfer",
  "json_parse",
  "page_check",
  "normalize",
  "coalesce",
  "upsert_new",
  "upsert_unchanged",
] as const;
type Stage = (typeof STAGES)[number];

export interface LadderStep {
  step: string;
  table: string;
  statement: InsertMode;
  us_per_row: number;
  rows_per_s: number;
}

export interface StageProfile {
  sample: { days: number; pages: number; rows: number };
  /** microseconds per row, by stage, and each stage's share of the whole */
  us_per_row: Record<Stage, number>;
  share_pct: Record<Stage, number>;
  /** The same sample pages written to fresh, empty copies of usage_events, adding persist.ts's features one by one. */
  write_ladder: LadderStep[];
  notes: string[];
}

const LADDER: { step: string; indexes: boolean; foreignKeys: boolean; mode: InsertMode; repeat?: boolean }[] = [
  { step: "plain insert, no indexes", indexes: false, foreignKeys: false, mode: "plain" },
  { step: "plain insert, usage_events indexes (= raw_insert)", indexes: true, foreignKeys: false, mode: "plain" },
  { step: "+ foreign key (org_id, account_id)", indexes: true, foreignKeys: true, mode: "plain" },
  { step: "+ ON CONFLICT DO UPDATE WHERE changed", indexes: true, foreignKeys: true, mode: "upsert" },
  { step: "+ RETURNING in a counting CTE (= persist.ts)", indexes: true, foreignKeys: true, mode: "upsert_returning" },
  {
    step: "persist.ts statement again, all rows unchanged",
    indexes: true,
    foreignKeys: true,
    mode: "upsert_returning",
    repeat: true,
  },
];

/**
 * Interleaved page by page (page 1 into every rung's table, then page 2, ...), so the rungs share
 * the same cache state and table growth and their differences are the statements', not the order.
 */
async function writeLadder(db: Db, pages: NormalizedUsageRecord[][], orgId: string, accountId: string) {
  const columns = pages.map((records) => Columns.fromRecords(records));
  const rows = columns.reduce((n, c) => n + c.length, 0);
  const tables = LADDER.map((rung, i) => (rung.repeat ? `bench_profile_ladder_${i - 1}` : `bench_profile_ladder_${i}`));
  const ms = LADDER.map(() => 0);
  try {
    for (const [i, rung] of LADDER.entries()) if (!rung.repeat) await createCopyTable(db, tables[i]!, rung);
    for (const c of columns) {
      for (const [i, rung] of LADDER.entries()) {
        const query = insertStatement(tables[i]!, orgId, accountId, c, rung.mode);
        const start = performance.now();
        await db.execute(query);
        ms[i]! += performance.now() - start;
      }
    }
  } finally {
    for (const table of new Set(tables)) await db.execute(sql`drop table if exists ${sql.identifier(table)}`);
  }
  return LADDER.map((rung, i): LadderStep => ({
    step: rung.step,
    table: `${rung.indexes ? "indexes" : "no indexes"}${rung.foreignKeys ? " + foreign key" : ""}`,
    statement: rung.mode,
    us_per_row: round((ms[i]! * 1000) / rows, 2),
    rows_per_s: Math.round(rows / (ms[i]! / 1000)),
  }));
}

export async function profileStages(
  db: Db,
  opts: {
    datasetOptions: DatasetOptions;
    firstDay: string;
    days: number;
    maxResultsPerPage: number;
    orgId: string;
    accountId: string;
  },
): Promise<StageProfile> {
  const gen = stopwatch();
  const dataset = timedDataset(generateDataset(opts.datasetOptions), gen);
  const org = dataset.organizations[0]!;
  const cred = dataset.credentials.find((c) => c.kind === "admin" && c.orgId === org.id)!;
  const emulator = await startEmulator({ dataset, port: 0, maxResultsPerPage: opts.maxResultsPerPage });
  const ms: Record<Stage, number> = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const lap = async <T>(stage: Stage, fn: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      ms[stage] += performance.now() - start;
    }
  };
  let pages = 0;
  let rows = 0;
  const sampled: NormalizedUsageRecord[][] = [];
  try {
    const start = dayStartOf(opts.firstDay);
    const base = new URLSearchParams({
      start_time: String(start),
      end_time: String(start + opts.days * DAY_SECONDS),
      bucket_width: "1d",
      limit: "31",
    });
    for (const g of COMPLETIONS_GROUP_BY) base.append("group_by", g);
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams(base);
      if (cursor) query.set("page", cursor);
      const genBefore = gen.ms;
      const routed = await lap("emulator_aggregate", () =>
        handleUsage("completions", query, {
          dataset,
          orgId: org.id,
          maxResultsPerPage: opts.maxResultsPerPage,
          nowSeconds: Math.floor(Date.now() / 1000),
        }),
      );
      ms.emulator_aggregate -= gen.ms - genBefore;
      ms.emulator_generate += gen.ms - genBefore;
      if (routed.status !== 200) throw new Error(`profile: emulator answered ${routed.status}`);
      await lap("emulator_stringify", () => JSON.stringify(routed.body));
      // The same page over real HTTP (days now cached by the generator): what is left after the
      // emulator's own aggregate + stringify is node:http, loopback and fetch.
      const genBeforeHttp = gen.ms;
      const before = performance.now();
      const res = await fetch(`${emulator.url}/organization/usage/completions?${query}`, {
        headers: { Authorization: `Bearer ${cred.key}` },
      });
      const text = await res.text();
      // Generation inside the HTTP call is cache hits only, and not transfer: take it out.
      ms.http_transfer += performance.now() - before - (gen.ms - genBeforeHttp);
      const parsedJson = await lap("json_parse", () => JSON.parse(text) as unknown);
      // As the adapter checks a page: the fast check, and zod only for a page it declines.
      const parsed = await lap(
        "page_check",
        () =>
          (readUsagePageFast(COMPLETIONS_RULES, parsedJson) as CompletionsPage | null) ??
          completionsPageSchema.parse(parsedJson),
      );
      const records = await lap("normalize", () => normalizeBuckets(parsed.data, normalizeCompletionsResult));
      await lap("coalesce", () => coalesceRecords(records));
      const target = { orgId: opts.orgId, accountId: opts.accountId, simulated: false };
      // As ingestion writes: by day, each day's digest compared first (the page's days taken as complete).
      const write = async () => {
        const buffer = new UsageDayBuffer();
        for (const g of [...buffer.add("completions", records), ...buffer.drain()]) {
          await storeUsageDays(db, target, g.source, g.days);
        }
      };
      await lap("upsert_new", write);
      await lap("upsert_unchanged", write);
      pages++;
      rows += records.length;
      sampled.push(records);
      cursor = typeof parsed.next_page === "string" ? parsed.next_page : null;
      if (!parsed.has_more) cursor = null;
    } while (cursor);
  } finally {
    await emulator.close();
  }
  // http_transfer so far includes a second aggregate + stringify inside the emulator; subtract them.
  ms.http_transfer = Math.max(0, ms.http_transfer - ms.emulator_aggregate - ms.emulator_stringify);
  const writeLadderSteps = await writeLadder(db, sampled, opts.orgId, opts.accountId);
  const total = STAGES.reduce((sum, s) => sum + (s === "upsert_unchanged" ? 0 : ms[s]), 0);
  return {
    sample: { days: opts.days, pages, rows },
    us_per_row: Object.fromEntries(STAGES.map((s) => [s, round((ms[s] * 1000) / rows, 2)])) as Record<Stage, number>,
    share_pct: Object.fromEntries(STAGES.map((s) => [s, round((ms[s] / total) * 100, 1)])) as Record<Stage, number>,
    write_ladder: writeLadderSteps,
    notes: [
      "share_pct is of one first-time ingest (every stage except upsert_unchanged); upsert_unchanged is the rerun's write cost",
      "http_transfer = fetch round trip minus the emulator's aggregate and stringify (node:http + loopback + undici)",
      "upsert_new / upsert_unchanged write each page by day as ingestion does (storeUsageDays: day digests, then the upsert) after the main run (the table already holds the year), so upsert_unchanged is the digest check that skips unchanged days; write_ladder starts from empty tables",
    ],
  };
}
