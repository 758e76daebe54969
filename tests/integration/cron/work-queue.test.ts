import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/types";
import {
  claimWorkItem,
  dayProgress,
  enqueueDay,
  KEEP_DAYS,
  pruneOldItems,
  settleAndCheckOrg,
  settleWorkItem,
  type ClaimedItem,
} from "@/lib/cron/work-queue";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { createTestDb, createTestOrg } from "../test-db";

let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle?.close();
});

/** An organization with `n` provider accounts (one admin key each, each for its own provider org). */
async function orgWithAccounts(n: number) {
  const { org, actor } = await createTestOrg(handle.db, "owner", "queue");
  const accountIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const { key } = await createKey(
      handle.db,
      actor,
      createKeySchema.parse({
        provider: "openai",
        label: `Queue key ${i}`,
        usageMode: "admin",
        apiKey: `sk-admin-queue-test-${randomUUID()}`,
        organizationId: `org-queue-${i}`,
        projectId: "proj-queue",
      }),
    );
    accountIds.push(key.accountId);
  }
  return { orgId: org.id, accountIds };
}

// Each test queues its own day, so items other tests left never count.
let dayCounter = 0;
const freshDay = () => `2031-01-${String(++dayCounter).padStart(2, "0")}`;
const claim = (runDay: string, owner: string, leaseSeconds = 300) =>
  claimWorkItem(handle.db, { runDay, owner, leaseSeconds, maxAttempts: 3 });

async function itemsOf(runDay: string) {
  return rowsOf<{ id: string; account_id: string; state: string; attempts: number; lease_owner: string | null }>(
    await handle.db.execute(
      sql`select id, account_id, state, attempts, lease_owner from cron_work_items where run_day = ${runDay}::date`,
    ),
  );
}

describe("cron work queue", () => {
  it("enqueues one item per account per day, however often it is asked", async () => {
    const { accountIds } = await orgWithAccounts(3);
    const day = freshDay();
    const first = await enqueueDay(handle.db, day);
    expect(first).toBeGreaterThanOrEqual(3);
    expect(await enqueueDay(handle.db, day)).toBe(0);
    const items = await itemsOf(day);
    expect(items).toHaveLength(first);
    expect(items.map((i) => i.account_id)).toEqual(expect.arrayContaining(accountIds));
    expect(new Set(items.map((i) => i.account_id)).size).toBe(items.length);
  });

  it("three concurrent claimers never take the same item and leave none behind", async () => {
    await orgWithAccounts(12);
    await orgWithAccounts(12);
    const day = freshDay();
    await enqueueDay(handle.db, day);
    const queued = await itemsOf(day);
    expect(queued.length).toBeGreaterThanOrEqual(24);

    const owners = ["claimer-a", "claimer-b", "claimer-c"];
    const taken = await Promise.all(
      owners.map(async (owner) => {
        const mine: ClaimedItem[] = [];
        for (let item = await claim(day, owner); item; item = await claim(day, owner)) mine.push(item);
        return mine;
      }),
    );
    const ids = taken.flat().map((i) => i.id);
    expect(ids).toHaveLength(queued.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(queued.map((q) => q.id)));
    // The database agrees on who holds each one.
    const after = new Map((await itemsOf(day)).map((i) => [i.id, i]));
    taken.forEach((mine, n) => {
      for (const item of mine) expect(after.get(item.id)).toMatchObject({ state: "running", lease_owner: owners[n] });
    });
  });

  it("re-claims an item whose lease lapsed, and the dead claimer can no longer settle it", async () => {
    await orgWithAccounts(1);
    const day = freshDay();
    await enqueueDay(handle.db, day);
    const total = (await itemsOf(day)).length;
    const held: ClaimedItem[] = [];
    for (let item = await claim(day, "dead"); item; item = await claim(day, "dead")) held.push(item);
    expect(held).toHaveLength(total);
    expect(await claim(day, "alive")).toBeNull();

    // The first invocation died: its leases ran out an hour ago.
    const victim = held[0]!;
    await handle.db.execute(
      sql`update cron_work_items set lease_until = now() - interval '1 hour' where id = ${victim.id}::uuid`,
    );
    const again = await claim(day, "alive");
    expect(again).toMatchObject({ id: victim.id, accountId: victim.accountId, attempts: 2 });
    expect(await claim(day, "alive")).toBeNull();
    expect(await settleWorkItem(handle.db, victim, "dead", { state: "done", runId: null })).toBe(false);
    expect(await settleWorkItem(handle.db, again!, "alive", { state: "done", runId: null })).toBe(true);
    expect((await itemsOf(day)).find((i) => i.id === victim.id)).toMatchObject({ state: "done", lease_owner: null });
  });

  it("gives an item up for the day after its last attempt, and a deadline cut does not use one", async () => {
    await orgWithAccounts(1);
    const day = freshDay();
    await enqueueDay(handle.db, day);
    const target = (await itemsOf(day))[0]!;
    // Everything else is done, so each claim below gets the target.
    await handle.db.execute(
      sql`update cron_work_items set state = 'done' where run_day = ${day}::date and id <> ${target.id}::uuid`,
    );
    const cut = (await claim(day, "w"))!;
    expect(await settleWorkItem(handle.db, cut, "w", { state: "released", runId: null })).toBe(true);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const item = await claim(day, "w");
      expect(item).toMatchObject({ id: target.id, attempts: attempt });
      await settleWorkItem(handle.db, item!, "w", { state: "errored", error: "boom", maxAttempts: 3 });
    }
    expect(await claim(day, "w")).toBeNull();
    const progress = await dayProgress(handle.db, day);
    expect(progress).toMatchObject({ failed: 1, open: 0, done: progress.total - 1 });
    expect(progress.failedOrgIds).toHaveLength(1);
  });

  it("forgets items older than the days it keeps, and only those", async () => {
    await orgWithAccounts(1);
    expect(KEEP_DAYS).toBe(30);
    await enqueueDay(handle.db, "2030-01-01");
    await enqueueDay(handle.db, "2030-01-02");
    const old = (await itemsOf("2030-01-01")).length;
    const boundary = (await itemsOf("2030-01-02")).length;
    expect(old).toBeGreaterThan(0);
    // 2030-02-01 keeps 30 days back: 2030-01-02 stays, 2030-01-01 goes.
    expect(await pruneOldItems(handle.db, "2030-02-01")).toBe(old);
    expect(await itemsOf("2030-01-01")).toHaveLength(0);
    expect(await itemsOf("2030-01-02")).toHaveLength(boundary);
  });

  it("tells exactly one settler that it finished the organization's day, even when the last two settle at once", async () => {
    const { orgId, accountIds } = await orgWithAccounts(3);
    const runDay = freshDay();
    await enqueueDay(handle.db, runDay);
    const claimed: ClaimedItem[] = [];
    for (let item = await claim(runDay, "a"); item; item = await claim(runDay, "a")) claimed.push(item);
    const mine = claimed.filter((i) => i.orgId === orgId);
    expect(mine.map((i) => i.accountId).sort()).toEqual([...accountIds].sort());
    for (const other of claimed.filter((i) => i.orgId !== orgId)) {
      await settleWorkItem(handle.db, other, "a", { state: "done", runId: null });
    }

    const done = { state: "done", runId: null } as const;
    // Put back by a deadline: still to do, so the day is not finished.
    expect(await settleAndCheckOrg(handle.db, runDay, mine[0]!, "a", { state: "released", runId: null })).toEqual({
      settled: true,
      orgDayFinished: false,
    });
    const again = (await claim(runDay, "a"))!;
    expect(again.id).toBe(mine[0]!.id);
    expect(await settleAndCheckOrg(handle.db, runDay, again, "a", done)).toEqual({
      settled: true,
      orgDayFinished: false,
    });
    const last = await Promise.all(mine.slice(1).map((item) => settleAndCheckOrg(handle.db, runDay, item, "a", done)));
    expect(last.map((r) => r.settled)).toEqual([true, true]);
    expect(last.filter((r) => r.orgDayFinished)).toHaveLength(1);
  });
});
