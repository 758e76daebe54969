import { and, eq, inArray, max, sql } from "drizzle-orm";
import { providerKeys } from "@/db/schema";
import { rowsOf, type Db } from "@/db/types";
import type { AnalyticsFilters, TotalsView } from "./contract";
import { previousRange } from "@/lib/dates";
import { listProviderAdapters } from "@/lib/providers/registry";
import { facts, rawWhere, SUMS, toSums, type SumsRow } from "./facts";
import { validateFilters } from "./filters";
import { withReadTimeout } from "./read-timeout";
import { chooseSource, type ReadOptions } from "./source";

/** A sync that stored usage; "failed" and "partial" ones also stamp last_sync_at. */
const SUCCESSFUL_SYNCS = ["ok", "simulated"] as const;

async function lastSuccessfulSync(db: Db, orgId: string, accountId?: string): Promise<string | null> {
  const [row] = await db
    .select({ at: max(providerKeys.lastSyncAt) })
    .from(providerKeys)
    .where(
      and(
        eq(providerKeys.orgId, orgId),
        accountId ? eq(providerKeys.accountId, accountId) : undefined,
        inArray(providerKeys.lastSyncStatus, [...SUCCESSFUL_SYNCS]),
      ),
    );
  return row?.at ? new Date(row.at).toISOString() : null;
}

/** Each provider's caveat (e.g. tiers missing from its cost report) when usage it concerns is in range. */
async function providerNotes(db: Db, orgId: string, f: AnalyticsFilters): Promise<string[]> {
  const notes: string[] = [];
  for (const adapter of listProviderAdapters()) {
    const unbilled = adapter.unbilledServiceTiers;
    if (!unbilled) continue;
    const [hit] = rowsOf<{ one: number }>(
      await db.execute(sql`
        select 1 as one from usage_events
        where ${rawWhere({ orgId, filters: f, range: f })} and provider = ${adapter.id}
          and (${sql.join(
            unbilled.tiers.map((tier) => sql`service_tier = ${tier}`),
            sql` or `,
          )})
        limit 1`),
    );
    if (hit) notes.push(unbilled.note);
  }
  return notes;
}

/** Sums for the range and for the same number of days just before it. */
export async function getUsageTotals(
  db: Db,
  orgId: string,
  filters: AnalyticsFilters,
  options: ReadOptions = {},
): Promise<TotalsView> {
  const f = validateFilters(filters);
  return withReadTimeout(db, options, async (db) => {
    const range = { start: f.start, end: f.end };
    const previous = previousRange(f.start, f.end);
    const source = await chooseSource(db, orgId, f, [], options.path);
    const part = (r: { start: string; end: string }, name: string) =>
      sql`select ${name}::text as part, simulated, input_tokens, cached_input_tokens, output_tokens, requests, cost_usd, row_count
        from (${facts(source, { orgId, filters: f, range: r, keep: ["simulated"] })}) f`;
    const rows = rowsOf<SumsRow & { part: string; simulated_rows: number }>(
      await db.execute(sql`
        select part, ${SUMS}, coalesce(sum(row_count) filter (where simulated), 0)::int as simulated_rows
        from (${part(range, "current")} union all ${part(previous, "previous")}) t
        group by part`),
    );
    const current = rows.find((r) => r.part === "current");
    return {
      range,
      previousRange: previous,
      current: toSums(current),
      previous: toSums(rows.find((r) => r.part === "previous")),
      simulatedRows: Number(current?.simulated_rows ?? 0),
      lastSyncAt: await lastSuccessfulSync(db, orgId, f.accountId),
      notes: await providerNotes(db, orgId, f),
    };
  });
}
