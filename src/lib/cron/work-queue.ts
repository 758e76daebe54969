/**
 * The cron's shared work queue: one item per provider account per UTC day. Any number of cron
 * invocations (or a worker) enqueue the day idempotently, then claim items one at a time with
 * `FOR UPDATE SKIP LOCKED`, so two claimers never hold the same item and none is passed over. A
 * claim is a lease: an invocation that dies leaves its item `running` with a lapsing
 * `lease_until`, and the next claimer takes it again (the attempt count caps the retries).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/types";
import { rowsOf } from "@/db/types";

export interface ClaimedItem {
  id: string;
  orgId: string;
  accountId: string;
  attempts: number;
}

export interface ClaimOptions {
  runDay: string;
  /** Who holds the lease (one id per invocation); only the holder can settle the item. */
  owner: string;
  leaseSeconds: number;
  /** An item claimed this many times is not claimed again that day. */
  maxAttempts: number;
}

/** Adds today's item for every account with a key; items already there stay as they are. */
export async function enqueueDay(db: Db, runDay: string): Promise<number> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      insert into cron_work_items (run_day, org_id, account_id, last_sync_at)
      select ${runDay}::date, a.org_id, a.id, min(k.last_sync_at)
      from provider_accounts a join provider_keys k on k.account_id = a.id
      group by a.org_id, a.id
      on conflict (run_day, account_id) do nothing
      returning id`),
  );
  return rows.length;
}

/** Items are only a day's bookkeeping (the ingestion window overlaps days): older ones go. */
export const KEEP_DAYS = 30;

export async function pruneOldItems(db: Db, runDay: string): Promise<number> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`delete from cron_work_items where run_day < ${runDay}::date - ${KEEP_DAYS}::int returning id`),
  );
  return rows.length;
}

/** The next claimable item, least recently synced first, leased to `owner`; null when none is left. */
export async function claimWorkItem(db: Db, o: ClaimOptions): Promise<ClaimedItem | null> {
  const [row] = rowsOf<{ id: string; org_id: string; account_id: string; attempts: number }>(
    await db.execute(sql`
      update cron_work_items w
      set state = 'running', attempts = w.attempts + 1, lease_owner = ${o.owner},
          lease_until = now() + make_interval(secs => ${o.leaseSeconds})
      where w.id = (
        select id from cron_work_items
        where run_day = ${o.runDay}::date and attempts < ${o.maxAttempts}
          and (state = 'pending' or (state = 'running' and lease_until < now()))
        order by last_sync_at asc nulls first, enqueued_at, id
        limit 1
        for update skip locked)
      returning w.id, w.org_id, w.account_id, w.attempts`),
  );
  return row ? { id: row.id, orgId: row.org_id, accountId: row.account_id, attempts: Number(row.attempts) } : null;
}

export type Settlement =
  | { state: "done"; runId: string | null }
  /** The deadline cut it short: back to the queue, and the cut does not count as an attempt. */
  | { state: "released"; runId: string | null }
  /** It threw: back to the queue until the attempts run out, then failed for the day. */
  | { state: "errored"; error: string; maxAttempts: number };

/** Settles a claimed item; false when the lease had lapsed and another claimer took the item over. */
export async function settleWorkItem(db: Db, item: ClaimedItem, owner: string, s: Settlement): Promise<boolean> {
  const next =
    s.state === "done"
      ? sql`state = 'done', run_id = ${s.runId}, last_error = null, finished_at = now()`
      : s.state === "released"
        ? sql`state = 'pending', attempts = greatest(attempts - 1, 0), run_id = coalesce(${s.runId}::uuid, run_id)`
        : sql`state = case when attempts >= ${s.maxAttempts} then 'failed' else 'pending' end,
              last_error = ${s.error}, finished_at = case when attempts >= ${s.maxAttempts} then now() end`;
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      update cron_work_items set ${next}, lease_owner = null, lease_until = null
      where id = ${item.id}::uuid and lease_owner = ${owner} and state = 'running'
      returning id`),
  );
  return rows.length === 1;
}

/**
 * Settles a claimed item and says whether that left none of the organization's items of the day to
 * do. The settlements of one organization's items take a lock in turn, so exactly one of them, the
 * one that settles its last open item, sees the day finished: its alerts are evaluated once.
 */
export async function settleAndCheckOrg(
  db: Db,
  runDay: string,
  item: ClaimedItem,
  owner: string,
  s: Settlement,
): Promise<{ settled: boolean; orgDayFinished: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`cron-org-day:${runDay}:${item.orgId}`}))`);
    const settled = await settleWorkItem(tx, item, owner, s);
    if (!settled) return { settled, orgDayFinished: false };
    const [row] = rowsOf<{ open: boolean }>(
      await tx.execute(sql`
        select exists (select 1 from cron_work_items where run_day = ${runDay}::date and org_id = ${item.orgId}::uuid
          and state in ('pending', 'running')) as open`),
    );
    return { settled, orgDayFinished: row?.open === false };
  });
}

export interface DayProgress {
  total: number;
  done: number;
  failed: number;
  /** Pending, or running under a lapsed lease: left for a later run. */
  open: number;
  /** Running under a live lease (this invocation's or another's). */
  leased: number;
  openOrgIds: string[];
  failedOrgIds: string[];
}

/** Where the day stands across every invocation. */
export async function dayProgress(db: Db, runDay: string): Promise<DayProgress> {
  const rows = rowsOf<{ org_id: string; state: string; n: number }>(
    await db.execute(sql`
      select org_id, s as state, count(*)::int as n from (
        select org_id, case when state = 'running' and lease_until >= now() then 'leased'
          when state = 'running' then 'pending' else state end as s
        from cron_work_items where run_day = ${runDay}::date) items
      group by org_id, s order by org_id`),
  );
  const p: DayProgress = { total: 0, done: 0, failed: 0, open: 0, leased: 0, openOrgIds: [], failedOrgIds: [] };
  for (const r of rows) {
    const n = Number(r.n);
    p.total += n;
    if (r.state === "done") p.done += n;
    else if (r.state === "leased") p.leased += n;
    else if (r.state === "failed") {
      p.failed += n;
      if (p.failedOrgIds.at(-1) !== r.org_id) p.failedOrgIds.push(r.org_id);
    } else {
      p.open += n;
      if (p.openOrgIds.at(-1) !== r.org_id) p.openOrgIds.push(r.org_id);
    }
  }
  return p;
}
