/**
 * Where a budget stands this month: spend so far, the month-end forecast, and "on track" or
 * "over by $X" (forecast beyond the amount).
 */
import type { Db } from "@/db/types";
import { forecastScope } from "@/lib/forecast/get";
import { budgetOutlook, monthOf } from "@/lib/forecast/rule";
import { todayUtc } from "@/lib/dates";
import { spendScopeOf, type BudgetView } from "./view";

export interface BudgetProgress {
  month: string;
  actualUsd: string;
  forecastUsd: string;
  onTrack: boolean;
  /** Forecast minus amount when the forecast is over, else "0". */
  overByUsd: string;
}

export async function budgetProgress(
  db: Db,
  orgId: string,
  budget: BudgetView,
  now: Date = new Date(),
): Promise<BudgetProgress> {
  const month = monthOf(todayUtc(now));
  const f = await forecastScope(db, orgId, spendScopeOf(budget.scope), month, now);
  return {
    month,
    actualUsd: f.actualUsd,
    forecastUsd: f.forecastUsd,
    ...budgetOutlook(budget.amountUsd, f.forecastUsd),
  };
}
