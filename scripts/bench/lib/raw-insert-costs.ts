/**
 * The other half of the baseline: the billed cost lines the entry point stored for the account,
 * read back day by day and written again with a plain `INSERT ... SELECT FROM unnest(...)` into an
 * empty copy of cost_events (same indexes, no foreign keys, no ON CONFLICT). Only the inserts are
 * timed. With the usage rows' raw insert this is a raw insert of every row the run wrote.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { API_KEY_GROUPING_FROM } from "../../emulator/costs-route";
import { COST_GROUP_FIELDS, servedCostsOfDay } from "../../emulator/costs-data";
import { DAY_SECONDS, dayStartOf, type EmulatorDataset } from "../../emulator/types";
import { round, type RawInsertResult } from "./raw-insert";

interface CostLine {
  provider: string;
  source: string;
  day: string;
  amount_usd: string;
  currency: string;
  project_id: string | null;
  line_item: string | null;
  api_key_id: string | null;
}

export async function rawInsertCostLines(
  db: Db,
  opts: { table: string; orgId: string; accountId: string; batchRows: number; onProgress?: (rows: number) => void },
): Promise<RawInsertResult> {
  const t = sql.identifier(opts.table);
  await db.execute(sql`drop table if exists ${t}`);
  await db.execute(sql`create table ${t} (like cost_events including all)`);
  let ms = 0;
  let rows = 0;
  let statements = 0;
  let batch: CostLine[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const lines = batch;
    batch = [];
    const col = <K extends keyof CostLine>(k: K) => sql.param(lines.map((l) => l[k]));
    const query = sql`insert into ${t} (org_id, account_id, provider, source, day, amount_usd, currency, project_id,
        line_item, api_key_id)
      select ${opts.orgId}::uuid, ${opts.accountId}::uuid, c.* from unnest(${col("provider")}::text[],
        ${col("source")}::text[], ${col("day")}::date[], ${col("amount_usd")}::numeric[], ${col("currency")}::text[],
        ${col("project_id")}::text[], ${col("line_item")}::text[], ${col("api_key_id")}::text[]) as c`;
    const start = performance.now();
    await db.execute(query);
    ms += performance.now() - start;
    rows += lines.length;
    statements++;
    opts.onProgress?.(rows);
  };
  // A day at a time through the dedupe index (account_id, day, ...), in the order the run wrote them.
  const days = rowsOf<{ day: string }>(
    await db.execute(sql`select distinct to_char(day, 'YYYY-MM-DD') as day from cost_events
      where account_id = ${opts.accountId}::uuid order by 1`),
  );
  for (const { day } of days) {
    const lines = rowsOf<CostLine>(
      await db.execute(sql`
        select provider, source, to_char(day, 'YYYY-MM-DD') as day, amount_usd::text, currency, project_id,
          line_item, api_key_id
        from cost_events where account_id = ${opts.accountId}::uuid and day = ${day}::date order by id`),
    );
    for (const line of lines) {
      batch.push(line);
      if (batch.length >= opts.batchRows) await flush();
    }
  }
  await flush();
  await db.execute(sql`drop table if exists ${t}`);
  const seconds = ms / 1000;
  return { table: opts.table, rows, statements, seconds: round(seconds, 2), rows_per_s: Math.round(rows / seconds) };
}

/** Cost lines stored for the window's days against the lines the emulator serves for them. */
export async function costLinesCheck(
  db: Db,
  opts: { dataset: EmulatorDataset; providerOrgId: string; accountId: string; firstDay: string; lastDay: string },
): Promise<{ stored: number; served: number }> {
  // OpenAI refuses the API key grouping for a window starting before the cutoff: the whole window is then per project.
  const groupBy =
    opts.firstDay < API_KEY_GROUPING_FROM ? COST_GROUP_FIELDS.filter((f) => f !== "api_key_id") : COST_GROUP_FIELDS;
  let served = 0;
  for (let day = dayStartOf(opts.firstDay); day <= dayStartOf(opts.lastDay); day += DAY_SECONDS) {
    served += servedCostsOfDay(
      opts.dataset,
      opts.providerOrgId,
      day,
      groupBy,
      { projectIds: [], apiKeyIds: [] },
      [],
    ).length;
  }
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from cost_events where account_id = ${opts.accountId}::uuid
      and day between ${opts.firstDay}::date and ${opts.lastDay}::date`),
  );
  return { stored: Number(row?.n ?? 0), served };
}
