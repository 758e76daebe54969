/**
 * Alert evaluation: after every ingestion run and in the daily cron. Budget thresholds are checked
 * against this month's actual and forecast spend (and, in a month's first week, last month's
 * actual, which late billed cost can still move); anomalies against the last 3 closed days. Each
 * occurrence fires once (./record.ts). Nothing is sent from here: `notify` hands the alert to the
 * delivery side.
 */
import { asc, eq } from "drizzle-orm";
import { budgets } from "@/db/schema";
import type { Db } from "@/db/types";
import { detectAnomalies, type Anomaly } from "@/lib/anomalies/detect";
import type { AnomalyRule } from "@/lib/anomalies/rule";
import { forecastScope } from "@/lib/forecast/get";
import { monthOf } from "@/lib/forecast/rule";
import { spendScopeOf, toBudgetView, type BudgetView } from "@/lib/budgets/view";
import { addDays, addMonths, todayUtc } from "@/lib/dates";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { compareDecimals, divideDecimal, fixedDecimal, multiplyDecimals, toScaled } from "@/lib/money/decimal-math";
import type { NotifyAlert } from "./notify";
import { fireOnce, type AlertOccurrence } from "./record";

export interface EvaluateOptions {
  notify: NotifyAlert;
  now?: Date;
  rule?: AnomalyRule;
}

export interface EvaluationResult {
  /** Idempotency keys of the alerts this call fired (not those another run fired first). */
  fired: string[];
  budgetsChecked: number;
  /** Budgets or anomaly checks that failed (logged); the others still ran. */
  failures: number;
}

const usd = (v: string) => `$${Number(fixedDecimal(v)).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;

/** amount × percent / 100, exact. */
export function thresholdLine(amountUsd: string, percent: number): string {
  const product = multiplyDecimals(amountUsd, String(percent));
  return divideDecimal(product, 100n, toScaled(product).scale + 2);
}

function budgetAlerts(
  b: BudgetView,
  orgId: string,
  month: string,
  actual: string,
  forecast: string | null,
): AlertOccurrence[] {
  const appUrl = getConfig().appUrl;
  const out: AlertOccurrence[] = [];
  for (const t of b.thresholds) {
    const value = t.basis === "actual" ? actual : forecast;
    if (value === null) continue;
    const line = thresholdLine(b.amountUsd, t.percent);
    if (compareDecimals(value, line) < 0) continue;
    const title =
      t.basis === "actual"
        ? `Budget '${b.name}' passed ${t.percent}% of ${usd(b.amountUsd)}`
        : `Budget '${b.name}' is forecast to pass ${t.percent}% of ${usd(b.amountUsd)}`;
    out.push({
      orgId,
      kind: "budget_threshold",
      idempotencyKey: `budget:${b.id}:${month}:${t.percent}:${t.basis}`,
      budgetId: b.id,
      period: month,
      amountUsd: value,
      limitUsd: line,
      channelIds: b.channelIds,
      message: {
        kind: "budget_threshold",
        title,
        text:
          t.basis === "actual"
            ? `Spend in ${month} has reached ${usd(actual)}, past ${t.percent}% (${usd(line)}) of the monthly budget of ${usd(b.amountUsd)}.`
            : `At the current pace, spend in ${month} will reach ${usd(value)} by the month's end, past ${t.percent}% (${usd(line)}) of the monthly budget of ${usd(b.amountUsd)}. Spent so far: ${usd(actual)}.`,
        url: `${appUrl}/budgets`,
        facts: {
          Budget: b.name,
          Month: month,
          "Spent so far": usd(actual),
          ...(forecast !== null ? { "Month-end forecast": usd(forecast) } : {}),
          Threshold: `${t.percent}% (${t.basis})`,
          "Monthly budget": usd(b.amountUsd),
        },
      },
    });
  }
  return out;
}

const scopeLabel = (a: Anomaly) =>
  a.scope.kind === "organization" ? "the organization" : `${a.scope.kind} ${a.scope.id}`;

function anomalyAlert(a: Anomaly, orgId: string, channelIds: string[]): AlertOccurrence {
  return {
    orgId,
    kind: "anomaly",
    idempotencyKey: `anomaly:${orgId}:${a.scope.kind}:${a.scope.id ?? "-"}:${a.day}`,
    budgetId: null,
    period: a.day,
    amountUsd: a.amountUsd,
    limitUsd: a.thresholdUsd,
    channelIds,
    message: {
      kind: "anomaly",
      title: `Unusual spend for ${scopeLabel(a)} on ${a.day}: ${usd(a.amountUsd)}`,
      text: `Spend for ${scopeLabel(a)} on ${a.day} was ${usd(a.amountUsd)}, above its usual ${usd(a.medianUsd)} a day (median of the 28 days before) by more than the alert line of ${usd(a.thresholdUsd)}.`,
      url: `${getConfig().appUrl}/analytics`,
      facts: {
        Scope: scopeLabel(a),
        Day: a.day,
        Spend: usd(a.amountUsd),
        "Usual (median)": usd(a.medianUsd),
        "Alert line": usd(a.thresholdUsd),
      },
    },
  };
}

export async function evaluateAlerts(db: Db, orgId: string, options: EvaluateOptions): Promise<EvaluationResult> {
  const now = options.now ?? new Date();
  const today = todayUtc(now);
  const month = monthOf(today);
  const previousMonth = monthOf(addMonths(`${month}-01`, -1));
  const lateWindow = Number(today.slice(8, 10)) <= 7;
  const rows = await db.select().from(budgets).where(eq(budgets.orgId, orgId)).orderBy(asc(budgets.createdAt));
  const result: EvaluationResult = { fired: [], budgetsChecked: 0, failures: 0 };
  const fire = async (occurrence: AlertOccurrence) => {
    if (await fireOnce(db, occurrence, options.notify)) result.fired.push(occurrence.idempotencyKey);
  };

  for (const row of rows) {
    const b = toBudgetView(row);
    try {
      const f = await forecastScope(db, orgId, spendScopeOf(b.scope), month, now);
      for (const a of budgetAlerts(b, orgId, month, f.actualUsd, f.forecastUsd)) await fire(a);
      if (lateWindow) {
        const last = await forecastScope(db, orgId, spendScopeOf(b.scope), previousMonth, now);
        for (const a of budgetAlerts(b, orgId, previousMonth, last.actualUsd, null)) await fire(a);
      }
      result.budgetsChecked++;
    } catch (error) {
      result.failures++;
      logger.error("budget evaluation failed", { orgId, budgetId: b.id, error });
    }
  }

  try {
    const channelIds = [...new Set(rows.flatMap((r) => r.channelIds))];
    const { anomalies } = await detectAnomalies(
      db,
      orgId,
      { start: addDays(today, -3), end: addDays(today, -1) },
      { now, rule: options.rule },
    );
    for (const a of anomalies) await fire(anomalyAlert(a, orgId, channelIds));
  } catch (error) {
    result.failures++;
    logger.error("anomaly evaluation failed", { orgId, error });
  }
  return result;
}
