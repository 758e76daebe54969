/**
 * The analytics bench's billed cost: what the emulator's GET /organization/costs would answer for
 * each day of the dataset (scripts/emulator/costs-data.ts, exact amounts, the grouping cost
 * ingestion asks for), written straight into cost_events with batched unnest inserts: same columns
 * as cost ingestion stores, no HTTP, no JSON, no zod.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/types";
import { COSTS_GROUP_BY, COSTS_SOURCE } from "@/lib/providers/openai/costs";
import { servedCostsOfDay, type CostGroupField } from "../../emulator/costs-data";
import { DAY_SECONDS, dateOf, dayStartOf, type EmulatorDataset } from "../../emulator/types";
import { round } from "./raw-insert";

export interface CostInsertResult {
  rows: number;
  statements: number;
  /** time inside db.execute only (row building excluded) */
  seconds: number;
  rows_per_s: number;
  group_by: string[];
}

class CostColumns {
  day: string[] = [];
  amount: string[] = [];
  project: (string | null)[] = [];
  lineItem: (string | null)[] = [];
  apiKey: (string | null)[] = [];
  get length() {
    return this.day.length;
  }
}

function costInsert(orgId: string, accountId: string, c: CostColumns) {
  const p = <T>(values: T[]) => sql.param(values);
  return sql`insert into cost_events (org_id, account_id, provider, source, day, amount_usd, currency, project_id,
      line_item, api_key_id)
    select ${orgId}::uuid, ${accountId}::uuid, 'openai', ${COSTS_SOURCE}, t.day, t.amount, 'USD', t.project_id,
      t.line_item, t.api_key_id
    from unnest(${p(c.day)}::date[], ${p(c.amount)}::numeric[], ${p(c.project)}::text[], ${p(c.lineItem)}::text[],
      ${p(c.apiKey)}::text[]) as t(day, amount, project_id, line_item, api_key_id)`;
}

/** Every day's cost buckets of one emulated organization, as cost ingestion would store them. */
export async function insertCosts(
  db: Db,
  opts: {
    dataset: EmulatorDataset;
    providerOrgId: string;
    firstDay: string;
    lastDay: string;
    orgId: string;
    accountId: string;
    batchRows: number;
    groupBy?: readonly CostGroupField[];
    onProgress?: (rows: number) => void;
  },
): Promise<CostInsertResult> {
  const groupBy = opts.groupBy ?? COSTS_GROUP_BY;
  let ms = 0;
  let rows = 0;
  let statements = 0;
  let cols = new CostColumns();
  const flush = async () => {
    if (cols.length === 0) return;
    const query = costInsert(opts.orgId, opts.accountId, cols);
    const start = performance.now();
    await db.execute(query);
    ms += performance.now() - start;
    rows += cols.length;
    statements++;
    cols = new CostColumns();
    opts.onProgress?.(rows);
  };
  const noFilter = { projectIds: [], apiKeyIds: [] };
  for (let day = dayStartOf(opts.firstDay); day <= dayStartOf(opts.lastDay); day += DAY_SECONDS) {
    const date = dateOf(day);
    for (const cost of servedCostsOfDay(opts.dataset, opts.providerOrgId, day, groupBy, noFilter, [])) {
      cols.day.push(date);
      cols.amount.push(cost.exact);
      cols.project.push(cost.project_id);
      cols.lineItem.push(cost.line_item);
      cols.apiKey.push(cost.api_key_id);
      if (cols.length >= opts.batchRows) await flush();
    }
  }
  await flush();
  const seconds = ms / 1000;
  return {
    rows,
    statements,
    seconds: round(seconds, 2),
    rows_per_s: seconds > 0 ? Math.round(rows / seconds) : 0,
    group_by: [...groupBy],
  };
}
