/** What the cron benchmark checks after a phase: per-account storage, key states, queue items, run times. */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { BenchKey } from "./cron-world";
import { round } from "./raw-insert";
import { median, percentile } from "./stats";

export function spread(values: number[]) {
  const v = [...values].sort((a, b) => a - b);
  return { n: v.length, median: round(median(v), 3), p95: round(percentile(v, 95), 3), max: round(v.at(-1) ?? 0, 3) };
}

/** Healthy keys must have stored usage and an ok sync; failing keys must not have claimed success. */
export async function storageCheck(db: Db, keys: BenchKey[]) {
  const stored = new Map(
    rowsOf<{ account_id: string; n: number }>(
      await db.execute(sql`select account_id, count(*)::int as n from usage_events group by account_id`),
    ).map((r) => [r.account_id, Number(r.n)]),
  );
  const status = new Map(
    rowsOf<{ account_id: string; s: string }>(
      await db.execute(sql`select account_id, last_sync_status as s from provider_keys`),
    ).map((r) => [r.account_id, r.s]),
  );
  const healthy = keys.filter((k) => !k.failing);
  const missing = healthy.filter((k) => !(stored.get(k.accountId)! > 0) || status.get(k.accountId) !== "ok");
  const failing = keys.filter((k) => k.failing);
  return {
    healthy_keys: healthy.length,
    healthy_keys_stored: healthy.length - missing.length,
    healthy_keys_missing: missing.length,
    failing_keys: failing.length,
    failing_keys_marked_failed: failing.filter((k) => status.get(k.accountId) === "failed").length,
    usage_rows_stored: [...stored.values()].reduce((a, b) => a + b, 0),
    by_provider: {
      openai: healthy.filter((k) => k.provider === "openai" && stored.get(k.accountId)! > 0).length,
      anthropic: healthy.filter((k) => k.provider === "anthropic" && stored.get(k.accountId)! > 0).length,
    },
  };
}

/** Queue items of the day: states, and how many were claimed more than once. */
export async function queueCheck(db: Db, runDay: string) {
  const rows = rowsOf<{ state: string; attempts: number; n: number }>(
    await db.execute(sql`select state, attempts, count(*)::int as n from cron_work_items
      where run_day = ${runDay}::date group by state, attempts`),
  );
  const byState: Record<string, number> = {};
  let claimedTwice = 0;
  for (const r of rows) {
    byState[r.state] = (byState[r.state] ?? 0) + Number(r.n);
    if (Number(r.attempts) > 1) claimedTwice += Number(r.n);
  }
  return { by_state: byState, items_claimed_more_than_once: claimedTwice };
}

/** Seconds each account's ingestion run took (the run log), for the medians. */
export async function runSeconds(db: Db): Promise<number[]> {
  return rowsOf<{ s: number }>(
    await db.execute(sql`select extract(epoch from finished_at - started_at)::float8 as s
      from ingestion_runs where trigger = 'cron' and finished_at is not null`),
  ).map((r) => Number(r.s));
}

/** Accounts whose item of the day is still to do (pending, or running under a lapsed lease). */
export async function openItemAccounts(db: Db, runDay: string): Promise<string[]> {
  return rowsOf<{ account_id: string }>(
    await db.execute(sql`select account_id from cron_work_items
      where run_day = ${runDay}::date and state in ('pending', 'running')`),
  ).map((r) => r.account_id);
}

export async function currentDatabase(db: Db): Promise<string> {
  const [row] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`));
  return row!.name;
}
