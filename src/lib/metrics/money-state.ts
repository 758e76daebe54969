/**
 * Scrape-time figures from the database for the money and metadata gauges: the capture rate per
 * provider (computed cost / billed cost over the last 7 closed UTC days where the provider billed)
 * and the certificates expiring within 30 days. Across every organization: labels never carry an
 * organization, key or project id.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { countExpiringCertificates } from "@/lib/accounts/certificates";
import { addDays, todayUtc } from "@/lib/dates";

export const CAPTURE_RATE_DAYS = 7;

export interface MoneyState {
  captureRates: { provider: string; ratio: number }[];
  certificatesExpiring: number;
}

export async function readMoneyState(db: Db, now = new Date()): Promise<MoneyState> {
  const today = todayUtc(now);
  const from = addDays(today, -CAPTURE_RATE_DAYS);
  const rows = rowsOf<{ provider: string; billed: string | null; computed: string | null }>(
    await db.execute(sql`
      with billed as (
        select provider, day, sum(amount_usd) as amount from cost_events
        where day >= ${from}::date and day < ${today}::date and currency = 'USD'
        group by provider, day
      ), computed as (
        select provider, (window_start at time zone 'UTC')::date as day, sum(cost_usd) as amount from usage_events
        where window_start >= ${from}::date and window_start < ${today}::date and not simulated
        group by provider, 2
      )
      select b.provider, sum(b.amount)::text as billed, sum(coalesce(c.amount, 0))::text as computed
      from billed b left join computed c on c.provider = b.provider and c.day = b.day
      group by b.provider order by b.provider`),
  );
  const captureRates = rows
    .filter((r) => r.billed !== null && Number(r.billed) > 0)
    .map((r) => ({ provider: r.provider, ratio: Number(r.computed ?? 0) / Number(r.billed) }));
  return { captureRates, certificatesExpiring: await countExpiringCertificates(db, now.getTime()) };
}
