/**
 * Writes the cost lines of days the provider has finished answering for (CostPage.settledDays),
 * one transaction for all of them: the lines, the removal of rows it no longer reports, the
 * rollup rows of those days (when the account's rollup is current) and each day's digest
 * (cost_day_state). A day whose lines hash to the digest stored last time is left alone, so a
 * re-read of unchanged days costs one small read instead of an upsert of every line.
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { NormalizedCostRecord } from "@/lib/providers/types";
import { costRollupLockSql, sumCostRollupDays } from "@/lib/reconciliation/cost-rollup";
import { costRecordKey, pruneStaleCosts, upsertCostBuckets } from "./persist-costs";

export interface SettledDaysResult {
  /** Days written (their digest differed or was new). */
  written: string[];
  /** Days left alone: the provider sent exactly what is stored. */
  unchanged: number;
  inserted: number;
  updated: number;
  removed: number;
}

interface DayLines {
  records: NormalizedCostRecord[];
  digest: string;
  /** No two lines share a dedupe key (the usual case: the provider sums per grouping). */
  distinct: boolean;
}

/** Lines of each day in arrival order, with a digest of their keys and amounts. */
function linesByDay(days: readonly string[], records: readonly NormalizedCostRecord[]): Map<string, DayLines> {
  const byDay = new Map<string, NormalizedCostRecord[]>(days.map((d) => [d, []]));
  for (const r of records) byDay.get(r.day)?.push(r);
  const out = new Map<string, DayLines>();
  for (const [day, lines] of byDay) {
    const keys = lines.map(costRecordKey);
    const text = lines.map((r, i) => `${keys[i]}\u001e${r.amountUsd}`).join("\n");
    out.set(day, {
      records: lines,
      digest: createHash("sha256").update(text).digest("base64"),
      distinct: new Set(keys).size === keys.length,
    });
  }
  return out;
}

export async function storeSettledCostDays(
  db: Db,
  target: { orgId: string; accountId: string },
  source: string,
  days: readonly string[],
  records: readonly NormalizedCostRecord[],
  opts: { rollupCurrent: boolean },
): Promise<SettledDaysResult> {
  const result: SettledDaysResult = { written: [], unchanged: 0, inserted: 0, updated: 0, removed: 0 };
  if (days.length === 0) return result;
  const lines = linesByDay(days, records);
  const stored = rowsOf<{ day: string; digest: string }>(
    await db.execute(sql`
      select to_char(day, 'YYYY-MM-DD') as day, digest from cost_day_state
      where account_id = ${target.accountId}::uuid and source = ${source}
        and day = any(${sql.param([...days])}::date[])`),
  );
  const storedDigest = new Map(stored.map((s) => [s.day, s.digest]));
  const changed = [...lines.keys()].filter((d) => storedDigest.get(d) !== lines.get(d)!.digest).sort();
  result.unchanged = days.length - changed.length;
  if (changed.length === 0) return result;
  const recordsOf = (ds: string[]) => ds.flatMap((d) => lines.get(d)!.records);
  const distinct = (ds: string[]) => ds.every((d) => lines.get(d)!.distinct);
  await db.transaction(async (tx) => {
    await tx.execute(costRollupLockSql(target.accountId));
    // Days with no row yet (any source) take a plain insert: nothing can conflict under the lock.
    const occupied = new Set(await daysWithRows(tx, target.accountId, changed));
    const empty = changed.filter((d) => !occupied.has(d));
    const filled = changed.filter((d) => occupied.has(d));
    for (const [days, daysEmpty] of [
      [empty, true],
      [filled, false],
    ] as const) {
      const upserted = await upsertCostBuckets(tx, target, recordsOf(days), {
        distinctKeys: distinct(days),
        daysEmpty,
      });
      result.inserted += upserted.inserted;
      result.updated += upserted.updated;
    }
    if (filled.length) result.removed = await pruneStaleCosts(tx, target, source, filled, recordsOf(filled));
    if (opts.rollupCurrent) await sumCostRollupDays(tx, target, changed);
    await tx.execute(sql`
      insert into cost_day_state (account_id, org_id, source, day, digest, lines)
      select ${target.accountId}::uuid, ${target.orgId}::uuid, ${source}, d.day, d.digest, d.lines
      from unnest(${sql.param(changed)}::date[], ${sql.param(changed.map((d) => lines.get(d)!.digest))}::text[],
        ${sql.param(changed.map((d) => lines.get(d)!.records.length))}::int[]) as d(day, digest, lines)
      on conflict (account_id, source, day) do update set org_id = excluded.org_id, digest = excluded.digest,
        lines = excluded.lines, updated_at = now()`);
  });
  result.written = changed;
  return result;
}

async function daysWithRows(db: Db, accountId: string, days: readonly string[]): Promise<string[]> {
  const rows = rowsOf<{ day: string }>(
    await db.execute(sql`
      select to_char(d.day, 'YYYY-MM-DD') as day from unnest(${sql.param([...days])}::date[]) as d(day)
      where exists (select 1 from cost_events c where c.account_id = ${accountId}::uuid and c.day = d.day)`),
  );
  return rows.map((r) => r.day);
}
