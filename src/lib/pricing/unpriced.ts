/**
 * Models with usage but no price in a date range: the rows whose computed cost is null. Shown on
 * /analytics so a missing price is visible instead of silently counting as nothing.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { addDays, dayStartIso, productDate, todayUtc } from "@/lib/dates";
import { checkRange } from "@/lib/analytics/filters";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { parseOrThrow } from "@/lib/validation";

export const unpricedQuerySchema = z
  .strictObject({ start: productDate("start"), end: productDate("end") })
  .superRefine(checkRange);

export interface UnpricedModel {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  requests: number;
  rows: number;
  firstDay: string;
  lastDay: string;
}

export async function listUnpricedModels(
  db: Db,
  actor: ActingAs,
  params: { start: string; end: string },
): Promise<{ start: string; end: string; models: UnpricedModel[] }> {
  assertCan(actor, "usage:read");
  const { start, end } = parseOrThrow(unpricedQuerySchema, params, "query");
  const rows = rowsOf<{
    provider: string;
    model: string;
    input_tokens: number | string;
    output_tokens: number | string;
    requests: number | string;
    rows: number | string;
    first_day: string;
    last_day: string;
  }>(
    await db.execute(sql`
      select provider, model, sum(input_tokens)::float8 as input_tokens, sum(output_tokens)::float8 as output_tokens,
        coalesce(sum(requests), 0)::float8 as requests, count(*)::int as rows,
        to_char(min(window_start) at time zone 'UTC', 'YYYY-MM-DD') as first_day,
        to_char(max(window_start) at time zone 'UTC', 'YYYY-MM-DD') as last_day
      from usage_events
      where org_id = ${actor.orgId}::uuid and cost_usd is null
        and window_start >= ${dayStartIso(start)}::timestamptz and window_start < ${dayStartIso(addDays(end, 1))}::timestamptz
      group by provider, model
      having sum(input_tokens) + sum(output_tokens) > 0
      order by sum(input_tokens) + sum(output_tokens) desc, provider, model
      limit 100`),
  );
  return {
    start,
    end,
    models: rows.map((r) => ({
      provider: r.provider,
      model: r.model,
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      requests: Number(r.requests),
      rows: Number(r.rows),
      firstDay: r.first_day,
      lastDay: r.last_day,
    })),
  };
}

export const defaultUnpricedRange = () => ({ start: addDays(todayUtc(), -29), end: todayUtc() });
