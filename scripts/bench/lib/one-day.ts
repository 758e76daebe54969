/**
 * The cron's case in the ingest benchmark: the entry point for one UTC day of one organization
 * (a fresh provider account, so every row is new), against a plain unnest insert of the same rows
 * into an empty copy of usage_events.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/types";
import type { AppConfig } from "@/lib/env";
import type { EmulatorDataset } from "../../emulator/types";
import { dayStartOf } from "../../emulator/types";
import type { Stopwatch } from "./instrument";
import { createIngestRunner } from "./openai-run";
import { createCopyTable, rawInsert, round } from "./raw-insert";

export interface OneDayContext {
  db: Db;
  day: string;
  dataset: () => EmulatorDataset;
  providerOrgId: string;
  config: AppConfig;
  /** the emulator's day generator stopwatch; null when the emulator runs in its own process */
  genWatch: Stopwatch | null;
  batchRows: number;
  /** A new organization with one key of the emulated provider organization. */
  newAccount: () => Promise<{ orgId: string; accountId: string }>;
}

export async function benchOneDay(ctx: OneDayContext) {
  const usage = ctx.dataset().dayUsage(dayStartOf(ctx.day), ctx.providerOrgId);
  const expected = usage.completions.length + usage.embeddings.length;
  const { orgId, accountId } = await ctx.newAccount();
  const run = createIngestRunner({
    db: ctx.db,
    orgId,
    accountId,
    firstDay: ctx.day,
    lastDay: ctx.day,
    expected,
    config: ctx.config,
    genWatch: ctx.genWatch,
  });
  const ingest = (await run("one-day")).summary;
  const rerun = (await run("one-day-rerun")).summary;
  const table = "bench_raw_one_day";
  await createCopyTable(ctx.db, table, { indexes: true });
  try {
    const raw = await rawInsert(ctx.db, {
      table,
      dataset: ctx.dataset(),
      providerOrgId: ctx.providerOrgId,
      firstDay: ctx.day,
      lastDay: ctx.day,
      batchRows: ctx.batchRows,
      orgId,
      accountId,
    });
    return {
      day: ctx.day,
      rows: expected,
      ingest,
      rerun,
      raw_insert: raw,
      ratio: round(ingest.rows_per_s / raw.rows_per_s, 3),
      ratio_rerun: round(rerun.rows_per_s / raw.rows_per_s, 3),
    };
  } finally {
    await ctx.db.execute(sql`drop table if exists ${sql.identifier(table)}`);
  }
}
