import type { Db } from "@/db/types";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { enqueueNotify } from "@/lib/alerts/run-after-ingestion";
import { createBudget } from "@/lib/budgets/create";
import { listBudgets } from "@/lib/budgets/list";
import { createBudgetSchema } from "@/lib/budgets/schemas";
import { todayUtc } from "@/lib/dates";
import { forecastScope } from "@/lib/forecast/get";
import { monthOf } from "@/lib/forecast/rule";
import { compareDecimals, divideDecimal, multiplyDecimals } from "@/lib/money/decimal-math";
import type { ActingAs } from "@/lib/orgs/types";

export const DEMO_BUDGET_NAME = "Whole organization (demo)";

/**
 * One budget set at 80% of this month's forecast, so the demo user sees it "over by $X" and its
 * forecast alert in the history on first sign-in. Created once; later starts leave it alone.
 */
export async function ensureDemoBudget(db: Db, actor: ActingAs & { userId: string }, now: Date = new Date()) {
  const existing = await listBudgets(db, actor, now);
  if (existing.some((b) => b.name === DEMO_BUDGET_NAME)) return existing.find((b) => b.name === DEMO_BUDGET_NAME)!;
  const forecast = await forecastScope(db, actor.orgId, {}, monthOf(todayUtc(now)), now);
  const eighty = divideDecimal(multiplyDecimals(forecast.forecastUsd, "8"), 10n, 2);
  const amountUsd = compareDecimals(eighty, "1") >= 0 ? eighty : "1";
  const budget = await createBudget(
    db,
    actor,
    createBudgetSchema.parse({
      name: DEMO_BUDGET_NAME,
      amountUsd,
      thresholds: [
        { percent: 50, basis: "actual" },
        { percent: 80, basis: "actual" },
        { percent: 100, basis: "actual" },
        { percent: 100, basis: "forecast" },
      ],
    }),
  );
  // Ingestion already evaluated before the budget existed: evaluate once more so the alert is there.
  await evaluateAlerts(db, actor.orgId, { notify: enqueueNotify, now });
  return budget;
}
