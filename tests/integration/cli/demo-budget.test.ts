import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_BUDGET_NAME, ensureDemoBudget } from "../../../scripts/demo/budget";
import { alerts } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { listBudgets } from "@/lib/budgets/list";
import { addAccount, addBilled, flatDays } from "../budgets/spend-fixture";
import { createTestDb, createTestOrg } from "../test-db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const NOW = new Date("2026-11-21T12:00:00Z");

describe("the demo budget", () => {
  it("is over its forecast with the forecast alert already fired, and is created once", async () => {
    const { orgId, actor } = await createTestOrg(handle.db);
    const accountId = await addAccount(handle.db, orgId, "anthropic");
    await addBilled(handle.db, { orgId, accountId, provider: "anthropic" }, flatDays("2026-11-01", "2026-11-20", "10"));
    await ensureDemoBudget(handle.db, actor, NOW);
    await ensureDemoBudget(handle.db, actor, NOW);
    const budgets = await listBudgets(handle.db, actor, NOW);
    expect(budgets).toHaveLength(1);
    // Forecast 200 + 10 × 9 days left = 290; the budget is 80% of it.
    expect(budgets[0]).toMatchObject({ name: DEMO_BUDGET_NAME, amountUsd: "232" });
    expect(budgets[0]!.progress).toMatchObject({ forecastUsd: "290", onTrack: false, overByUsd: "58" });
    const fired = await handle.db.select().from(alerts).where(eq(alerts.orgId, orgId));
    expect(fired.map((a) => a.idempotencyKey)).toContain(`budget:${budgets[0]!.id}:2026-11:100:forecast`);
  });
});
