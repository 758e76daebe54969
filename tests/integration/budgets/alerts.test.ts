import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts } from "@/db/schema";
import type { Db, DbHandle } from "@/db/types";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { listAlerts } from "@/lib/alerts/list";
import type { NotifyAlert } from "@/lib/alerts/notify";
import { detectAnomalies } from "@/lib/anomalies/detect";
import { createBudget } from "@/lib/budgets/create";
import { createBudgetSchema } from "@/lib/budgets/schemas";
import { createChannel } from "@/lib/notifications/channels/create";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import type { EnqueueAlertInput } from "@/lib/notifications/contract";
import type { ActingAs } from "@/lib/orgs/types";
import { createTestDb, createTestOrg } from "../test-db";
import { addAccount, addBilled, flatDays } from "./spend-fixture";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const NOW = new Date("2026-11-21T12:00:00Z");
const RULE = { k: "3", floorUsd: "5" };

function recorder() {
  const calls: EnqueueAlertInput[] = [];
  const notify: NotifyAlert = async (_db, input) => {
    calls.push(input);
  };
  return { calls, notify };
}

/** $10 a day through the 20th and $3 today: actual 203, forecast 293 (see spend-forecast.test.ts). */
async function orgWithSpend(db: Db) {
  const created = await createTestOrg(db);
  const accountId = await addAccount(db, created.orgId, "anthropic");
  await addBilled(db, { orgId: created.orgId, accountId, provider: "anthropic" }, [
    ...flatDays("2026-10-25", "2026-11-20", "10"),
    { day: "2026-11-21", amountUsd: "3" },
  ]);
  return { ...created, accountId };
}

async function budget(db: Db, actor: ActingAs, body: unknown) {
  return createBudget(db, actor, createBudgetSchema.parse(body));
}

/** An email channel of the organization (budgets may only name their own organization's channels). */
async function channelOf(db: Db, actor: ActingAs) {
  const { channel } = await createChannel(db, actor, {
    type: "email",
    name: "Alerts mail",
    email: "alerts@example.com",
  });
  return channel.id;
}

describe(`alert evaluation on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("fires each crossed threshold once, with its channels, and never again", async () => {
    const { orgId, actor } = await orgWithSpend(handle.db);
    const CHANNEL = await channelOf(handle.db, actor);
    const b = await budget(handle.db, actor, {
      name: "Claude",
      amountUsd: "250",
      channelIds: [CHANNEL],
      thresholds: [
        { percent: 50, basis: "actual" }, // 125 <= 203: fires
        { percent: 100, basis: "actual" }, // 250 > 203: not yet
        { percent: 100, basis: "forecast" }, // 250 <= 293: fires
        { percent: 120, basis: "forecast" }, // 300 > 293: not
      ],
    });
    const { calls, notify } = recorder();
    const first = await evaluateAlerts(handle.db, orgId, { notify, now: NOW, rule: RULE });
    expect(first.fired.sort()).toEqual([`budget:${b.id}:2026-11:100:forecast`, `budget:${b.id}:2026-11:50:actual`]);
    expect(calls.map((c) => c.idempotencyKey).sort()).toEqual(first.fired);
    expect(calls.every((c) => c.orgId === orgId && c.channelIds.join() === CHANNEL)).toBe(true);
    const forecastCall = calls.find((c) => c.idempotencyKey.endsWith(":forecast"))!;
    expect(forecastCall.message.title).toBe("Budget 'Claude' is forecast to pass 100% of $250.00");
    expect(forecastCall.message.facts["Month-end forecast"]).toBe("$293.00");

    const again = await evaluateAlerts(handle.db, orgId, { notify, now: NOW, rule: RULE });
    expect(again.fired).toEqual([]);
    expect(calls).toHaveLength(2);
    const rows = await handle.db.select().from(alerts).where(eq(alerts.orgId, orgId));
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.idempotencyKey.endsWith(":50:actual"))).toMatchObject({
      amountUsd: "203",
      limitUsd: "125",
      period: "2026-11",
    });
  });

  it("overlapping evaluations fire each alert exactly once", async () => {
    const { orgId, actor } = await orgWithSpend(handle.db);
    const CHANNEL = await channelOf(handle.db, actor);
    await budget(handle.db, actor, { name: "Race", amountUsd: "100", channelIds: [CHANNEL] }); // 50/80/100 all crossed
    const { calls, notify } = recorder();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => evaluateAlerts(handle.db, orgId, { notify, now: NOW, rule: RULE })),
    );
    const fired = results.flatMap((r) => r.fired);
    expect(fired).toHaveLength(3);
    expect(new Set(fired).size).toBe(3);
    expect(calls.map((c) => c.idempotencyKey).sort()).toEqual([...fired].sort());
    expect(await handle.db.select().from(alerts).where(eq(alerts.orgId, orgId))).toHaveLength(3);
  });

  it("a failed enqueue leaves the alert unfired, so the next run fires it", async () => {
    const { orgId, actor } = await orgWithSpend(handle.db);
    await budget(handle.db, actor, {
      name: "Flaky",
      amountUsd: "1000",
      thresholds: [{ percent: 10, basis: "actual" }],
    });
    const failing: NotifyAlert = async () => {
      throw new Error("outbox unavailable");
    };
    const failed = await evaluateAlerts(handle.db, orgId, { notify: failing, now: NOW, rule: RULE });
    expect(failed).toMatchObject({ fired: [], failures: 1 });
    expect(await handle.db.select().from(alerts).where(eq(alerts.orgId, orgId))).toHaveLength(0);
    const { calls, notify } = recorder();
    const retried = await evaluateAlerts(handle.db, orgId, { notify, now: NOW, rule: RULE });
    expect(retried.fired).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it("anomaly: above median + k × MAD but not past the dollar floor is no news; past both it fires once", async () => {
    const created = await createTestOrg(handle.db);
    const accountId = await addAccount(handle.db, created.orgId, "anthropic");
    const target = { orgId: created.orgId, accountId, provider: "anthropic" as const };
    // 28 flat days of $10 (median 10, MAD 0): the line is 10 + max(3 × 0, 5) = 15.
    await addBilled(handle.db, target, flatDays("2026-10-22", "2026-11-18", "10"));
    await addBilled(handle.db, target, [
      { day: "2026-11-19", amountUsd: "14.99" },
      { day: "2026-11-20", amountUsd: "15.01" },
    ]);
    const found = await detectAnomalies(
      handle.db,
      created.orgId,
      { start: "2026-11-19", end: "2026-11-20" },
      { now: NOW, rule: RULE },
    );
    // The 19th's history holds only $10 days; the 20th's holds the 19th too (median still 10, MAD 0).
    expect(found.anomalies.map((a) => [a.day, a.scope.kind, a.scope.id, a.amountUsd, a.thresholdUsd])).toEqual([
      ["2026-11-20", "organization", null, "15.01", "15"],
      ["2026-11-20", "provider", "anthropic", "15.01", "15"],
    ]);
    const { calls, notify } = recorder();
    const first = await evaluateAlerts(handle.db, created.orgId, { notify, now: NOW, rule: RULE });
    expect(first.fired.sort()).toEqual([
      `anomaly:${created.orgId}:organization:-:2026-11-20`,
      `anomaly:${created.orgId}:provider:anthropic:2026-11-20`,
    ]);
    await evaluateAlerts(handle.db, created.orgId, { notify, now: NOW, rule: RULE });
    expect(calls).toHaveLength(2);
  });

  it("lists fired alerts of the caller's organization only, with an empty deliveries list", async () => {
    const mine = await orgWithSpend(handle.db);
    const other = await orgWithSpend(handle.db);
    await budget(handle.db, mine.actor, {
      name: "Mine",
      amountUsd: "300",
      thresholds: [{ percent: 50, basis: "actual" }],
    });
    await budget(handle.db, other.actor, {
      name: "Theirs",
      amountUsd: "300",
      thresholds: [{ percent: 50, basis: "actual" }],
    });
    const { notify } = recorder();
    await evaluateAlerts(handle.db, mine.orgId, { notify, now: NOW, rule: RULE });
    await evaluateAlerts(handle.db, other.orgId, { notify, now: NOW, rule: RULE });
    const today = new Date().toISOString().slice(0, 10);
    const listed = await listAlerts(handle.db, mine.actor, { start: today, end: today });
    expect(listed.alerts.map((a) => a.title)).toEqual(["Budget 'Mine' passed 50% of $300.00"]);
    expect(listed.alerts[0]!.deliveries).toEqual([]);
  });

  it("runs after an ingestion run, and an evaluation failure never fails the run", async () => {
    const { orgId, actor } = await orgWithSpend(handle.db);
    const b = await budget(handle.db, actor, {
      name: "Hooked",
      amountUsd: "300",
      thresholds: [{ percent: 50, basis: "actual" }],
    });
    const failing: NotifyAlert = async () => {
      throw new Error("outbox unavailable");
    };
    const deps = { now: () => NOW.getTime() };
    const failed = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { trigger: "api" },
      { ...deps, notifyAlert: failing },
    );
    expect(failed.runId).not.toBeNull();
    expect(await handle.db.select().from(alerts).where(eq(alerts.orgId, orgId))).toHaveLength(0);
    const { calls, notify } = recorder();
    await fetchAndStoreUsageForOrg(handle.db, orgId, { trigger: "api" }, { ...deps, notifyAlert: notify });
    expect(calls.map((c) => c.idempotencyKey)).toEqual([`budget:${b.id}:2026-11:50:actual`]);
  });
});
