import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { rowsOf, type DbHandle } from "@/db/types";
import { runDailyUsage } from "@/lib/cron/daily-usage";
import { createTestDb } from "../test-db";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { adminCredential, emulatorConfig, startTestEmulator, orgWithAdminKey } from "../ingestion/harness";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  // Two provider organizations, so one app organization can hold two provider accounts.
  emulator = await startTestEmulator({ organizations: 2 });
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

// The emulator's data ends 2026-10-31; pin "today" to it so the default window has usage.
const now = () => Date.parse("2026-10-31T12:00:00Z");

describe("daily cron job", () => {
  it("ingests every organization's accounts, and its summary adds up to what was stored", async () => {
    const a = await orgWithAdminKey(handle.db, emulator);
    const b = await orgWithAdminKey(handle.db, emulator);
    const faulty = "sk-admin-emufaultcronTESTONLYxxxxxxxx";
    emulator.registerKey({ key: faulty, kind: "admin", fault: "unauthorized" });
    const c = await orgWithAdminKey(handle.db, emulator, faulty, "Revoked key");

    const summary = await runDailyUsage(
      handle.db,
      { concurrency: 2, deadline: Date.now() + 60_000 },
      { config: emulatorConfig(emulator), now },
    );
    expect(summary.organizations).toEqual({ total: 3, completed: 3, failed: 0, unfinished: 0 });
    expect(summary.runIds).toHaveLength(3);
    expect(summary.telemetry.keysProcessed).toBe(2);
    expect(summary.telemetry.keysFailed).toBe(1);
    expect(summary.telemetry.issues.map((i) => i.code)).toEqual(["AUTH_FAILED"]);

    const [stored] = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from usage_events
        where org_id in (${a.orgId}::uuid, ${b.orgId}::uuid, ${c.orgId}::uuid)`),
    );
    expect(summary.telemetry.rowsInserted).toBe(stored!.n);
    expect(summary.telemetry.rowsInserted).toBeGreaterThan(0);
  });

  it("leaves organizations for the next run when the time budget is spent, and says so", async () => {
    // Its own organizations, whatever other tests left in this database: both must be named as unfinished.
    const mine = [await orgWithAdminKey(handle.db, emulator), await orgWithAdminKey(handle.db, emulator)];
    const summary = await runDailyUsage(
      handle.db,
      { concurrency: 2, deadline: Date.now() - 1 },
      { config: emulatorConfig(emulator), now },
    );
    expect(summary.organizations.unfinished).toBeGreaterThanOrEqual(mine.length);
    expect(summary.organizations).toMatchObject({ completed: 0, failed: 0, unfinished: summary.organizations.total });
    expect(summary.unfinishedOrgIds).toEqual(expect.arrayContaining(mine.map((m) => m.org.id)));
    expect(summary.runIds).toEqual([]);
    expect(summary.message).toMatch(/^\d+ organization\(s\) were not finished inside the time budget; the next run/);
  });

  it("two concurrent invocations split the day: every account runs exactly once", async () => {
    const mine = [await orgWithAdminKey(handle.db, emulator), await orgWithAdminKey(handle.db, emulator)];
    // A day of its own, so every account in this database gets exactly one fresh item.
    const dayBefore = () => Date.parse("2026-10-30T12:00:00Z");
    const invoke = (owner: string) =>
      runDailyUsage(
        handle.db,
        { concurrency: 2, deadline: Date.now() + 60_000, owner },
        { config: emulatorConfig(emulator), now: dayBefore },
      );
    const [a, b] = await Promise.all([invoke("invocation-a"), invoke("invocation-b")]);
    const items = rowsOf<{ account_id: string; attempts: number; state: string; run_id: string | null }>(
      await handle.db.execute(sql`select account_id, attempts, state, run_id from cron_work_items
        where run_day = '2026-10-30'`),
    );
    expect(items.map((i) => i.account_id)).toEqual(expect.arrayContaining(mine.map((m) => m.key.accountId)));
    expect(items.filter((i) => i.state === "done" && i.attempts === 1 && i.run_id)).toHaveLength(items.length);
    const runs = [...a.runIds, ...b.runIds];
    expect(runs).toHaveLength(items.length);
    expect(new Set(runs)).toEqual(new Set(items.map((i) => i.run_id)));
    expect(a.workItems.thisRun.done + b.workItems.thisRun.done).toBe(items.length);
    expect(a.workItems.open + b.workItems.open).toBe(0);
  });

  it("evaluates each organization's alerts once, after its last account, however many invocations share the day", async () => {
    const twoAccounts = await orgWithAdminKey(handle.db, emulator);
    const second = adminCredential(emulator, 1);
    const { key } = await createKey(
      handle.db,
      twoAccounts.actor,
      createKeySchema.parse({ provider: "openai", label: "Second provider org", usageMode: "admin", ...second }),
    );
    expect(key.accountId).not.toBe(twoAccounts.key.accountId);
    await orgWithAdminKey(handle.db, emulator);
    // A day of its own: every account in this database gets one fresh item, whatever other tests left.
    const dayOfItsOwn = () => Date.parse("2026-10-29T12:00:00Z");
    const invoke = () =>
      runDailyUsage(
        handle.db,
        { concurrency: 2, deadline: Date.now() + 60_000 },
        { config: emulatorConfig(emulator), now: dayOfItsOwn },
      );
    const [a, b] = await Promise.all([invoke(), invoke()]);
    const items = rowsOf<{ org_id: string; account_id: string; state: string }>(
      await handle.db.execute(sql`select org_id, account_id, state from cron_work_items where run_day = '2026-10-29'`),
    );
    const orgs = new Set(items.map((i) => i.org_id));
    expect(items.filter((i) => i.org_id === twoAccounts.orgId)).toHaveLength(2);
    expect(items.length).toBeGreaterThan(orgs.size);
    expect(items.filter((i) => i.state === "done" || i.state === "failed")).toHaveLength(items.length);
    expect(a.alertsEvaluated + b.alertsEvaluated).toBe(orgs.size);
  });
});
