/**
 * Rebuilds rollup cubes from usage_events. Ingestion's pages keep the cubes themselves
 * (./deltas.ts); this runs when they could not (cubes of another ROLLUP_VERSION, rows re-priced,
 * the slow write path without the unique index) and after re-pricing: the cubes' rows for those
 * days (and for the blocks and months holding them) are deleted and recomputed from usage_events in one
 * transaction, so re-running it, or re-ingesting the same buckets with new numbers first, never
 * counts anything twice. Cost is usage_events.cost_usd summed (computed per row at ingest), so a
 * cube's cost equals the raw rows' cost exactly at every grain.
 */
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { notFound } from "@/lib/errors";
import { repriceAccountIfStale } from "@/lib/pricing/pricing-state";
import { parseOrThrow } from "@/lib/validation";
import { CUBE_MEASURES, CUBES, ROLLUP_VERSION } from "./cubes";
import { rollupLockSql } from "./deltas";
import {
  addDays,
  addMonths,
  blockEnd,
  blockStart,
  daysInRange,
  dayStartIso,
  monthsInRange,
  monthStart,
} from "@/lib/dates";

export const refreshRollupSchema = z
  .strictObject({ orgId: z.uuid(), accountId: z.uuid(), start: z.date(), end: z.date() })
  .refine((p) => p.end > p.start, { path: ["end"], message: "must be after start" });

export interface RollupRefresh {
  /** UTC days recomputed, inclusive. */
  start: string;
  end: string;
  /** The account's cubes were missing or built with another ROLLUP_VERSION, so its whole history was rebuilt. */
  rebuilt: boolean;
  /** Day rows written across the cubes. */
  dayRows: number;
}

const MEASURES = CUBE_MEASURES.join(", ");
const SUM_MEASURES = CUBE_MEASURES.map((m) => `sum(${m})`).join(", ");

function deleteRows(accountId: string, where: SQL): SQL {
  const [first, ...rest] = CUBES;
  const ctes = rest.map(
    (c, i) =>
      sql`${sql.raw(`d${i}`)} as (delete from ${sql.identifier(c.table)} where account_id = ${accountId}::uuid and ${where})`,
  );
  return sql`with ${sql.join(ctes, sql`, `)} delete from ${sql.identifier(first!.table)} where account_id = ${accountId}::uuid and ${where}`;
}

/** Day rows of every cube for days start..end, from usage_events. */
function insertDays(orgId: string, accountId: string, start: string, end: string): SQL {
  const inserts = CUBES.map((c) => {
    const dims = ["period", "simulated", ...c.columns].join(", ");
    return sql`${sql.raw(`ins_${c.name}`)} as (
      insert into ${sql.identifier(c.table)} (org_id, account_id, grain, ${sql.raw(dims)}, ${sql.raw(MEASURES)})
      select ${orgId}::uuid, ${accountId}::uuid, 'day', ${sql.raw(dims)}, ${sql.raw(SUM_MEASURES)}
      from base group by ${sql.raw(dims)}
      returning 1)`;
  });
  return sql`
    with base as materialized (
      select (window_start at time zone 'UTC')::date as period, simulated, model, batch, service_tier, project_id,
        api_key_id, provider_user_id, sum(input_tokens) as input_tokens, sum(cached_input_tokens) as cached_input_tokens,
        sum(output_tokens) as output_tokens, coalesce(sum(requests), 0) as requests, sum(cost_usd) as cost_usd,
        count(*) as row_count, count(cost_usd) as priced_rows
      from usage_events
      where org_id = ${orgId}::uuid and account_id = ${accountId}::uuid
        and window_start >= ${dayStartIso(start)}::timestamptz and window_start < ${dayStartIso(addDays(end, 1))}::timestamptz
      group by 1, 2, 3, 4, 5, 6, 7, 8
    ),
    ${sql.join(inserts, sql`, `)}
    select ${sql.raw(CUBES.map((c) => `(select count(*) from ins_${c.name})`).join(" + "))} as n`;
}

const BLOCK_OF_DAY =
  "date_trunc('month', period::timestamp)::date + least((extract(day from period)::int - 1) / 7, 4) * 7";
const MONTH_OF_DAY = "date_trunc('month', period::timestamp)::date";

/**
 * Block or month rows whose periods start within first..last, summed from the finer rows: months
 * from blocks where the cube keeps them (a month is its blocks), else from days.
 */
function insertCoarse(accountId: string, grain: "block" | "month", first: string, last: string): SQL {
  const cubes = CUBES.filter((c) => grain === "month" || c.blocks);
  const periodOf = grain === "month" ? MONTH_OF_DAY : BLOCK_OF_DAY;
  const lastDay = grain === "month" ? addDays(addMonths(last, 1), -1) : blockEnd(last);
  const inserts = cubes.map((c, i) => {
    const dims = ["simulated", ...c.columns].join(", ");
    const from = grain === "month" && c.blocks ? "block" : "day";
    return sql`${sql.raw(`c${i}`)} as (
      insert into ${sql.identifier(c.table)} (org_id, account_id, grain, period, ${sql.raw(dims)}, ${sql.raw(MEASURES)})
      select org_id, account_id, ${grain}::text, ${sql.raw(periodOf)}, ${sql.raw(dims)}, ${sql.raw(SUM_MEASURES)}
      from ${sql.identifier(c.table)}
      where account_id = ${accountId}::uuid and grain = ${from}::text and period >= ${first}::date and period <= ${lastDay}::date
      group by org_id, account_id, ${sql.raw(periodOf)}, ${sql.raw(dims)})`;
  });
  return sql`with ${sql.join(inserts, sql`, `)} select 1`;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

export async function refreshUsageRollup(
  db: Db,
  params: { orgId: string; accountId: string; start: Date; end: Date },
): Promise<RollupRefresh> {
  const { orgId, accountId, start, end } = parseOrThrow(refreshRollupSchema, params, "rollup refresh");
  return db.transaction(async (tx) => {
    // Two refreshes of one account would otherwise interleave their deletes and inserts.
    await tx.execute(rollupLockSql(accountId));
    const [account] = rowsOf<{ version: string | null }>(
      await tx.execute(sql`
        select s.pricing_version as version from provider_accounts a
        left join usage_rollup_state s on s.account_id = a.id
        where a.id = ${accountId}::uuid and a.org_id = ${orgId}::uuid`),
    );
    if (!account) throw notFound("Provider account");

    // Rows priced with another PRICING_VERSION are re-priced first: the cubes then carry one pricing.
    const repriced = await repriceAccountIfStale(tx, orgId, accountId);
    let first = utcDay(start);
    let last = utcDay(new Date(end.getTime() - 1));
    const rebuilt = repriced || account.version !== ROLLUP_VERSION;
    if (rebuilt) {
      const [extent] = rowsOf<{ first: string | null; last: string | null }>(
        await tx.execute(sql`
          select to_char(min(window_start) at time zone 'UTC', 'YYYY-MM-DD') as first,
                 to_char(max(window_start) at time zone 'UTC', 'YYYY-MM-DD') as last
          from usage_events where account_id = ${accountId}::uuid`),
      );
      if (extent?.first && daysInRange(extent.first, first) > 1) first = extent.first;
      if (extent?.last && daysInRange(last, extent.last) > 1) last = extent.last;
      await tx.execute(deleteRows(accountId, sql`true`));
    } else {
      await tx.execute(
        deleteRows(accountId, sql`grain = 'day' and period >= ${first}::date and period <= ${last}::date`),
      );
      await tx.execute(
        deleteRows(
          accountId,
          sql`grain = 'block' and period >= ${blockStart(first)}::date and period <= ${blockStart(last)}::date`,
        ),
      );
      await tx.execute(
        deleteRows(
          accountId,
          sql`grain = 'month' and period >= ${monthStart(first)}::date and period <= ${monthStart(last)}::date`,
        ),
      );
    }

    // A month at a time keeps each aggregate small when a whole history is rebuilt.
    let dayRows = 0;
    for (const [i, month] of monthsInRange(first, last).entries()) {
      const chunk = i === 0 ? first : month;
      const monthEnd = addDays(addMonths(month, 1), -1);
      const [n] = rowsOf<{ n: number | string }>(
        await tx.execute(insertDays(orgId, accountId, chunk, daysInRange(monthEnd, last) > 1 ? monthEnd : last)),
      );
      dayRows += Number(n?.n ?? 0);
    }
    await tx.execute(insertCoarse(accountId, "block", blockStart(first), blockStart(last)));
    await tx.execute(insertCoarse(accountId, "month", monthStart(first), monthStart(last)));

    await tx.execute(sql`
      insert into usage_rollup_state (account_id, org_id, pricing_version, refreshed_at)
      values (${accountId}::uuid, ${orgId}::uuid, ${ROLLUP_VERSION}, now())
      on conflict (account_id) do update set pricing_version = excluded.pricing_version, refreshed_at = now()`);
    return { start: first, end: last, rebuilt, dayRows };
  });
}
