/**
 * Billed (provider-reported) spend per UTC day, provider and project, summed in SQL from
 * cost_events (through its daily rollup when current, src/lib/reconciliation/cost-rollup.ts): the
 * one read of the bill that reconciliation and the dashboard share. Amounts stay exact decimal
 * strings; today's day is provisional because providers keep revising it for hours.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { formatEpochDay, parseEpochDay, productDate, todayEpochDay } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/types";
import { billedDailySql } from "@/lib/reconciliation/cost-rollup";
import { parseOrThrow } from "@/lib/validation";
import { formatDecimal, parseDecimal } from "./decimal";

export interface BilledSpendDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  provider: ProviderId;
  /** OpenAI project or Anthropic workspace; null = none reported (Anthropic: the default workspace). */
  projectId: string | null;
  /** Exact decimal string in US dollars, summed in SQL. */
  amountUsd: string;
  /** True for today (UTC) and later: the provider may still change it. */
  provisional: boolean;
}

const billedSpendParams = z
  .object({
    /** Inclusive. */
    start: productDate("start"),
    /** Inclusive. */
    end: productDate("end"),
    provider: z.enum(PROVIDER_IDS).optional(),
    /** A project id to keep; null = only rows without a project. */
    projectId: z.string().min(1).max(200).nullable().optional(),
  })
  .strict();

export type BilledSpendParams = z.input<typeof billedSpendParams>;

const resultRow = z.object({
  day: z.string(),
  provider: z.enum(PROVIDER_IDS),
  project_id: z.string().nullable(),
  amount_usd: z.string(),
});

/**
 * Sums cost_events of `orgId` by day, provider and project for start..end (inclusive). Only USD rows
 * are counted: the column is `amount_usd`, and a foreign currency must not be added to dollars.
 */
export async function billedSpendByDay(
  db: Db,
  orgId: string,
  params: BilledSpendParams,
  opts: { now?: number } = {},
): Promise<BilledSpendDay[]> {
  const p = parseOrThrow(billedSpendParams, params, "billed spend parameters");
  if (parseEpochDay(p.start)! > parseEpochDay(p.end)!) {
    throw new AppError("VALIDATION_FAILED", `start (${p.start}) is after end (${p.end}).`);
  }
  const providerFilter = p.provider ? sql`and provider = ${p.provider}` : sql``;
  const projectFilter =
    p.projectId === undefined
      ? sql``
      : p.projectId === null
        ? sql`and project_id is null`
        : sql`and project_id = ${p.projectId}`;
  const billed = await billedDailySql(db, orgId);
  const result = await db.execute(sql`
    select day::text as day, provider, project_id, sum(amount_usd)::text as amount_usd
    from ${billed} b
    where org_id = ${orgId}::uuid and day between ${p.start}::date and ${p.end}::date and currency = 'USD'
      ${providerFilter} ${projectFilter}
    group by day, provider, project_id
    order by day, provider, project_id nulls first`);
  const today = formatEpochDay(todayEpochDay(opts.now));
  return rowsOf<unknown>(result).map((raw) => {
    const row = resultRow.parse(raw);
    const amount = parseDecimal(row.amount_usd);
    if (!amount) throw new Error("cost_events sum is not a plain decimal");
    return {
      day: row.day,
      provider: row.provider,
      projectId: row.project_id,
      amountUsd: formatDecimal(amount),
      provisional: row.day >= today,
    };
  });
}
