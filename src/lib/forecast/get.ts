/**
 * Month-end forecasts read from daily spend (src/lib/money/spend.ts): for a budget's scope, and
 * for the organization with one line per provider (GET /api/forecast, the Analytics projection).
 */
import { z } from "zod";
import { eq } from "drizzle-orm";
import { providerAccounts } from "@/db/schema";
import type { Db } from "@/db/types";
import { addDays, daysInRange, todayUtc } from "@/lib/dates";
import { dailySpend, firstSpendDay, type DailySpend, type SpendScope } from "@/lib/money/spend";
import { parseOrThrow } from "@/lib/validation";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { forecastMonth, FORECAST_MEAN_DAYS, monthFirstDay, monthLastDay, monthOf, type MonthForecast } from "./rule";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` between 2000-01 and a year ahead; omitted = the current month. */
export const forecastQuerySchema = z.strictObject({
  month: z
    .string({ error: "month must be written YYYY-MM" })
    .regex(MONTH, { error: "month must be written YYYY-MM, e.g. 2026-12" })
    .refine((m) => m >= "2000-01" && m <= monthOf(addDays(todayUtc(), 366)), {
      error: "month must be between 2000-01 and a year from now",
    })
    .optional(),
});

export interface ScopeForecast extends MonthForecast {
  /** Daily spend of the days the forecast read (the month to today, and the 7 closed days before). */
  daily: DailySpend[];
}

const earlier = (a: string, b: string) => (daysInRange(a, b) >= 1 ? a : b);
const later = (a: string, b: string) => (daysInRange(a, b) >= 1 ? b : a);

export async function forecastScope(
  db: Db,
  orgId: string,
  scope: SpendScope,
  month: string,
  now: Date = new Date(),
): Promise<ScopeForecast> {
  const today = todayUtc(now);
  const first = monthFirstDay(month);
  const last = monthLastDay(month);
  const start = earlier(first, addDays(today, -FORECAST_MEAN_DAYS));
  const end = later(earlier(last, today), addDays(today, -1));
  const [daily, firstDay] = await Promise.all([
    dailySpend(db, orgId, { start, end, ...scope }, { now }),
    firstSpendDay(db, orgId, scope),
  ]);
  const forecast = forecastMonth({
    month,
    today,
    daily: new Map(daily.map((d) => [d.day, d.amountUsd])),
    firstSpendDay: firstDay,
  });
  return { ...forecast, daily: daily.filter((d) => d.day >= first && d.day <= last) };
}

export interface OrgForecast {
  month: string;
  total: ScopeForecast;
  providers: (MonthForecast & { provider: string })[];
}

export async function getForecast(
  db: Db,
  orgId: string,
  query: { month?: string },
  now: Date = new Date(),
): Promise<OrgForecast> {
  const { month = monthOf(todayUtc(now)) } = parseOrThrow(forecastQuerySchema, query, "query");
  const rows = await db
    .selectDistinct({ provider: providerAccounts.provider })
    .from(providerAccounts)
    .where(eq(providerAccounts.orgId, orgId))
    .orderBy(providerAccounts.provider);
  const total = await forecastScope(db, orgId, {}, month, now);
  const providers = [];
  for (const { provider } of rows) {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { daily, ...forecast } = await forecastScope(db, orgId, { provider }, month, now);
    providers.push({ provider, ...forecast });
  }
  return { month, total, providers };
}

/** GET /api/forecast: anyone who may read usage. */
export async function getForecastFor(db: Db, actor: ActingAs, query: { month?: string }): Promise<OrgForecast> {
  assertCan(actor, "usage:read");
  return getForecast(db, actor.orgId, query);
}
