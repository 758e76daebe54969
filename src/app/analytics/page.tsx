import { AppShell } from "@/components/app-shell";
import { AnomaliesSection } from "@/components/analytics/anomalies-section";
import { ForecastSection } from "@/components/analytics/forecast-section";
import { BreakdownSection } from "@/components/analytics/breakdown-section";
import {
  NoDataState,
  NoKeysState,
  NoMatchState,
  SimulatedBanner,
  TooSlowState,
} from "@/components/analytics/empty-states";
import { FiltersBar } from "@/components/analytics/filters-bar";
import { GranularityToggle } from "@/components/analytics/granularity-toggle";
import { HeadlineCards } from "@/components/analytics/headline-cards";
import { DEFAULT_DIMENSION, PARAM, parseDimension } from "@/components/analytics/params";
import { RefreshButton } from "@/components/analytics/refresh-button";
import { SpendSection } from "@/components/analytics/spend-section";
import { DEFAULT_STACK, parseStack, STACK_PARAM } from "@/components/analytics/spend-params";
import { TopMovers } from "@/components/analytics/top-movers";
import { TimeSeriesChart } from "@/components/analytics/lazy-charts";
import { UnpricedModels } from "@/components/analytics/unpriced-models";
import { AnalyticsUrlProvider, PendingRegion } from "@/components/analytics/url-state";
import { formatDateRange, formatDateTimeUtc } from "@/components/format";
import { getDb } from "@/db/client";
import {
  filtersToSearchParams,
  getFilterOptions,
  getUsageBreakdown,
  getUsageTimeSeries,
  getUsageTotals,
  parseAnalyticsSearchParams,
} from "@/lib/analytics";
import type { AnalyticsFilters, BreakdownDimension, Granularity } from "@/lib/analytics/contract";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { listKeys } from "@/lib/keys/list";
import { can } from "@/lib/orgs/roles";
import { getSpendView, getTopMovers, type SpendStack } from "@/lib/reconciliation";
import { shellOrgs } from "../shell-orgs";

export const metadata = { title: "Analytics" };
export const dynamic = "force-dynamic";

const BREAKDOWN_LIMIT = 50;
type SearchParams = Record<string, string | string[] | undefined>;

function viewHref(
  filters: AnalyticsFilters,
  granularity: Granularity,
  dim: BreakdownDimension,
  stack: SpendStack = DEFAULT_STACK,
) {
  const params = filtersToSearchParams(filters, granularity);
  if (dim !== DEFAULT_DIMENSION) params.set(PARAM.dim, dim);
  if (stack !== DEFAULT_STACK) params.set(STACK_PARAM, stack);
  const qs = params.toString();
  return qs ? `/analytics?${qs}` : "/analytics";
}

/** Signed-out visitors of a shared view come back to the same view after signing in. */
function returnTo(raw: SearchParams) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(raw)) for (const v of [value ?? []].flat()) params.append(name, v);
  const qs = params.toString();
  return qs ? `/analytics?${qs}` : "/analytics";
}

export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const actor = await requireActorOrRedirect(returnTo(raw));
  const orgId = actor.orgId;
  const now = new Date();
  const { filters, granularity, ignored } = parseAnalyticsSearchParams(raw, now);
  const defaults = parseAnalyticsSearchParams({}, now);
  const dim = parseDimension(raw[PARAM.dim]);
  const stack = parseStack(raw[STACK_PARAM]);
  const db = await getDb();
  const canRefresh = can(actor.role, "ingest:write");
  const orgs = await shellOrgs(actor);
  let views;
  try {
    views = await Promise.all([
      listKeys(db, actor),
      getUsageTotals(db, orgId, filters),
      getUsageTimeSeries(db, orgId, filters, granularity),
      getUsageBreakdown(db, orgId, filters, dim, { limit: BREAKDOWN_LIMIT }),
      getFilterOptions(db, orgId, { start: filters.start, end: filters.end }),
      getSpendView(db, orgId, filters, { stack, granularity, now }),
      getTopMovers(db, orgId, filters),
    ]);
  } catch (e) {
    // A read the database cancelled for time says what to do; anything else goes to error.tsx.
    if (!isAppError(e) || e.code !== "SERVICE_UNAVAILABLE") throw e;
    return (
      <AppShell current="analytics" email={actor.user.email} orgs={orgs} role={actor.role}>
        <TooSlowState message={e.message} resetHref={viewHref(defaults.filters, granularity, dim)} />
      </AppShell>
    );
  }
  const [keys, totals, series, breakdown, options, spend, movers] = views;

  const filtered = viewHref(filters, granularity, dim) !== viewHref(defaults.filters, granularity, dim);
  const clearHref = filtered ? viewHref(defaults.filters, granularity, dim, stack) : null;
  // The export lists rows, not periods, and its query schema refuses view-only parameters.
  const exportQuery = filtersToSearchParams(filters).toString();
  const { current } = totals;
  const nothingMatches = current.requests + current.inputTokens + current.outputTokens === 0;
  const dataRange = options.dataRange;
  const dataRangeHref =
    dataRange && (dataRange.start !== filters.start || dataRange.end !== filters.end)
      ? viewHref({ start: dataRange.start, end: dataRange.end }, granularity, dim, stack)
      : null;

  return (
    <AppShell current="analytics" email={actor.user.email} orgs={orgs} role={actor.role}>
      <AnalyticsUrlProvider
        defaults={{
          [PARAM.start]: defaults.filters.start,
          [PARAM.end]: defaults.filters.end,
          [PARAM.granularity]: defaults.granularity,
          [PARAM.dim]: DEFAULT_DIMENSION,
          [STACK_PARAM]: DEFAULT_STACK,
        }}
      >
        <div className="page-header">
          <div>
            <h1>Analytics</h1>
            <p className="muted" style={{ margin: 0 }}>
              {dataRange ? (
                <>
                  Spend (billed where the provider reports it, estimated elsewhere), tokens and requests for{" "}
                  {formatDateRange(filters.start, filters.end)} (UTC).
                </>
              ) : (
                `Spend, tokens and requests across ${actor.org.name}'s provider keys.`
              )}
              {totals.lastSyncAt && <> Last synced {formatDateTimeUtc(totals.lastSyncAt)}.</>}
            </p>
          </div>
          {keys.length > 0 && dataRange && (
            <div className="row header-actions">
              <a className="btn" href={`/api/usage/export${exportQuery ? `?${exportQuery}` : ""}`} download>
                Export CSV
              </a>
              {canRefresh && <RefreshButton />}
            </div>
          )}
        </div>

        {ignored.length > 0 && (
          <p className="alert alert-warn" role="status">
            Parts of this link could not be used and were left out: {ignored.join("; ")}.
          </p>
        )}
        {keys.length === 0 ? (
          <NoKeysState canAdd={can(actor.role, "keys:write")} />
        ) : !dataRange ? (
          <NoDataState canRefresh={canRefresh} />
        ) : (
          <div className="stack">
            <FiltersBar filters={filters} options={options} today={defaults.filters.end} clearHref={clearHref} />
            {totals.simulatedRows > 0 && <SimulatedBanner rows={totals.simulatedRows} />}
            <PendingRegion>
              {nothingMatches ? (
                <NoMatchState clearHref={clearHref} dataRange={dataRange} dataRangeHref={dataRangeHref} />
              ) : (
                <>
                  <SpendSection view={spend} />
                  <TopMovers movers={movers} />
                  {/* Unpriced models (pricing) go here. */}
                  <HeadlineCards totals={totals} />
                  <section className="card" aria-labelledby="series-heading">
                    <div className="card-header">
                      <h2 id="series-heading">Tokens over time</h2>
                      <GranularityToggle value={granularity} />
                    </div>
                    <TimeSeriesChart points={series} granularity={granularity} />
                  </section>
                  <BreakdownSection dimension={dim} rows={breakdown} total={current} limit={BREAKDOWN_LIMIT} />
                  <UnpricedModels actor={actor} start={filters.start} end={filters.end} />
                </>
              )}
            </PendingRegion>
            <ForecastSection db={db} orgId={orgId} />
            <AnomaliesSection db={db} orgId={orgId} />
          </div>
        )}
      </AnalyticsUrlProvider>
    </AppShell>
  );
}
