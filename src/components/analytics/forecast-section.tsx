import type { Db } from "@/db/types";
import { getForecast } from "@/lib/forecast/get";
import { monthLastDay } from "@/lib/forecast/rule";
import { logger } from "@/lib/logger";
import { formatUsdText } from "../budgets/money";
import { ForecastChart } from "./forecast-chart";

const PROVIDERS: Record<string, string> = { openai: "OpenAI", anthropic: "Anthropic" };

/** This month's spend and its month-end forecast (organization and each provider), for Analytics. */
export async function ForecastSection({ db, orgId }: { db: Db; orgId: string }) {
  let forecast;
  try {
    forecast = await getForecast(db, orgId, {});
  } catch (error) {
    logger.error("forecast failed on the analytics page", { orgId, error });
    return null;
  }
  const { total, providers, month } = forecast;
  return (
    <section className="card" aria-labelledby="forecast-heading">
      <div className="card-header">
        <h2 id="forecast-heading">Month-end forecast, {month}</h2>
      </div>
      <p className="small muted" style={{ marginTop: 0 }}>
        Spend so far this month (billed where the provider reports it, estimated elsewhere) plus the mean of the last{" "}
        {total.meanDays || 7} closed days ({formatUsdText(total.meanDailyUsd)} a day) for each of the {total.daysLeft}{" "}
        days left.
      </p>
      <ForecastChart forecast={total} daysInMonth={Number(monthLastDay(month).slice(8, 10))} />
      {providers.length > 1 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Forecast by provider, scrollable">
          <table aria-label="Forecast by provider">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col" className="num">
                  Spent so far
                </th>
                <th scope="col" className="num">
                  Month-end forecast
                </th>
              </tr>
            </thead>
            <tbody>
              {providers.map((p) => (
                <tr key={p.provider}>
                  <td>{PROVIDERS[p.provider] ?? p.provider}</td>
                  <td className="num">{formatUsdText(p.actualUsd)}</td>
                  <td className="num">{formatUsdText(p.forecastUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
