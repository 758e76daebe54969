/**
 * `npm run bench:analytics`: the read side over a year of N generated organizations (the emulator's
 * deterministic generator, ~1M usage rows each by default, one seed per organization) in one
 * database: usage written with batched unnest inserts, the matching billed cost (what the
 * emulator's cost report answers) into cost_events, every row priced, the rollup built per account.
 * Then, for the organization in the middle, every view is timed for a 1-year and a 30-day range
 * (median and p95): the usage views, spend by provider/project/model, top movers, reconciliation,
 * the bill by day and by line item, and everything the /analytics page loads at once as one
 * figure; against a baseline of the same views by plain SQL over usage_events / cost_events with
 * the planner's indexes allowed. Writes audit/bench/analytics.json and prints a table.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/types";
import { addDays } from "@/lib/dates";
import { costRollupIsCurrent, refreshCostRollup } from "@/lib/reconciliation";
import { rollupIsCurrent } from "@/lib/analytics";
import { CUBES, refreshUsageRollup } from "@/lib/rollup";
import { COSTS_GROUP_BY } from "@/lib/providers/openai/costs";
import { COST_GROUP_FIELDS, type CostGroupField } from "../emulator/costs-data";
import { EXIT, runCli, UsageError } from "../lib/runtime";
import { parseBenchArgs } from "./lib/args";
import { openTarget } from "./lib/analytics-data";
import { exportFigure, filteredFigures, servedBy, staleFigures } from "./lib/analytics-extras";
import { findLoadedOrganizations, loadOrganization, type LoadedOrg } from "./lib/analytics-load";
import { loadAverage, machine, printTable, ratiosOf, targetsOf, writeRun } from "./lib/analytics-report";
import { PAGE_CALLS, pageOnlyViews, runPage, unindexed, views, type Ctx } from "./lib/analytics-views";
import { round } from "./lib/raw-insert";
import { timeIt, type Figure } from "./lib/stats";
import { loadHarnessEnv, serverVersion } from "./lib/throwaway-db";

/** The tables the bench fills: vacuumed after loading and counted in the report. */
const DATA_TABLES = [...CUBES.map((c) => c.table), "usage_events", "cost_events", "cost_daily", "cost_line_daily"];

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const HELP = `Usage: npm run bench:analytics -- [options]

Dataset (per organization; the defaults give about 1M usage rows over 365 days):
  --orgs N (1)        organizations like this one in the same database, seeds seed..seed+N-1;
                      the views are timed for the one in the middle (index floor(N/2))
  --projects N (20)   --api-keys N per project (50)   --models N (15)   --users N (40)
  --days N (365)      --density X (0.17)   --seed N (42)   --end-date YYYY-MM-DD (yesterday, UTC)
Database: --database-url URL (else DATABASE_URL): a throwaway database is created on that server
  and dropped afterwards; --in-place uses that database itself (scratch users, deleted after).
  Neither: a throwaway PGlite in a temp folder.
  --runs N            timed runs per figure (20)
  --baseline-runs N   timed runs per baseline figure (5); 0 = no baseline
  --cost-group-by F   billed cost grouping (project_id,line_item,api_key_id: what cost ingestion asks
                      for; project_id,line_item is what OpenAI answers before 2025-12-06, ~10x fewer rows)
  --unindexed         also time the usage views' raw path with index scans off (the old baseline)
  --as NAME           store this run under other_runs.NAME of --out (e.g. pglite_1m, postgresql_10m);
                      without it the run is the file's top level (other_runs are kept)
  --keep              leave the database and its data behind for inspection (prints where)
  --reuse NAME|DIR    time again the organizations a --keep run left in database NAME on the
                      --database-url server (or in the PGlite temp folder DIR it printed) (no loading; the run's load figures are kept from the
                      earlier run stored under the same --as); the database is left in place
  --load-only         stop after loading (with --keep: load now, time later with --reuse)
  --out FILE          (audit/bench/analytics.json)`;

function parse() {
  const args = parseBenchArgs(
    process.argv.slice(2),
    {
      orgs: { type: "string", default: "1" },
      runs: { type: "string", default: "20" },
      "baseline-runs": { type: "string", default: "5" },
      unindexed: { type: "boolean", default: false },
      "cost-group-by": { type: "string", default: COSTS_GROUP_BY.join(",") },
      as: { type: "string" },
      reuse: { type: "string" },
      "load-only": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      out: { type: "string", default: "audit/bench/analytics.json" },
    },
    { endDate: yesterday() },
  );
  const as = args.values.as as string | undefined;
  const costGroupBy = String(args.values["cost-group-by"]).split(",").filter(Boolean);
  const known = COST_GROUP_FIELDS as readonly string[];
  if (!costGroupBy.includes("project_id") || costGroupBy.some((f) => !known.includes(f))) {
    throw new UsageError(`--cost-group-by: project_id plus any of ${COST_GROUP_FIELDS.join(", ")}`);
  }
  if (as !== undefined && !/^[a-z0-9_]{1,40}$/.test(as)) throw new UsageError("--as must be a short snake_case name");
  return {
    help: args.help,
    dataset: args.dataset,
    databaseUrl: args.databaseUrl,
    inPlace: args.inPlace,
    orgs: args.int("orgs"),
    runs: args.int("runs"),
    baselineRuns: args.int("baseline-runs", 0),
    unindexed: Boolean(args.values.unindexed),
    costGroupBy: costGroupBy as CostGroupField[],
    as,
    reuse: args.values.reuse as string | undefined,
    loadOnly: Boolean(args.values["load-only"]),
    keep: Boolean(args.values.keep),
    out: String(args.values.out),
  };
}

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const sum = (orgs: LoadedOrg[], pick: (o: LoadedOrg) => number) => orgs.reduce((t, o) => t + pick(o), 0);

runCli(async () => {
  const args = parse();
  if (args.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const databaseUrl = loadHarnessEnv(args.databaseUrl);
  const lastDay = args.dataset.endDate;
  const firstDay = addDays(lastDay, 1 - args.dataset.days);
  const handle: DbHandle & { kind: "pglite" | "postgresql"; where: string } = await openTarget(
    databaseUrl,
    args.inPlace,
    args.reuse,
  );
  const db = handle.db;
  const loaded: LoadedOrg[] = [];
  try {
    const version = await serverVersion(handle);
    log(`database: ${handle.kind} ${version} (${handle.where}); load average ${loadAverage().join(", ")}`);
    const loadStarted = performance.now();
    if (args.reuse) {
      loaded.push(...(await findLoadedOrganizations(db, { dataset: args.dataset, firstDay, lastDay })));
      if (loaded.length !== args.orgs)
        throw new UsageError(`--reuse: found ${loaded.length} organizations, not --orgs ${args.orgs}`);
      // A layout change since the loading run (a new cube or cost rollup) is rebuilt here, untimed.
      for (const o of loaded) {
        if (!(await costRollupIsCurrent(db, o.orgId)))
          await refreshCostRollup(db, { orgId: o.orgId, accountId: o.accountId });
        if (!(await rollupIsCurrent(db, o.orgId))) {
          await refreshUsageRollup(db, {
            orgId: o.orgId,
            accountId: o.accountId,
            start: new Date(`${firstDay}T00:00:00Z`),
            end: new Date(`${addDays(lastDay, 1)}T00:00:00Z`),
          });
        }
      }
    }
    for (let i = 0; !args.reuse && i < args.orgs; i++) {
      log(`organization ${i + 1} of ${args.orgs}: ${firstDay}..${lastDay}, seed ${args.dataset.seed + i}`);
      loaded.push(
        await loadOrganization(db, {
          index: i,
          dataset: { ...args.dataset, seed: args.dataset.seed + i },
          firstDay,
          lastDay,
          batchRows: 10_000,
          costGroupBy: args.costGroupBy,
          log,
        }),
      );
      const elapsed = (performance.now() - loadStarted) / 1000;
      log(
        `  loaded ${i + 1}/${args.orgs} organizations, ${fmt(sum(loaded, (o) => o.usageRows))} usage rows, ${elapsed.toFixed(0)} s`,
      );
    }
    const vacuumStarted = performance.now();
    for (const table of DATA_TABLES) {
      await db.execute(sql`vacuum analyze ${sql.identifier(table)}`);
    }
    const vacuumS = (performance.now() - vacuumStarted) / 1000;
    const loadS = (performance.now() - loadStarted) / 1000;
    const target = loaded[Math.floor(args.orgs / 2)]!;
    const orgId = target.orgId;

    const weekStarted = performance.now();
    await refreshUsageRollup(db, {
      orgId,
      accountId: target.accountId,
      start: new Date(`${addDays(lastDay, -6)}T00:00:00Z`),
      end: new Date(`${addDays(lastDay, 1)}T00:00:00Z`),
    });
    const weekRefreshS = (performance.now() - weekStarted) / 1000;
    const costWeekStarted = performance.now();
    await refreshCostRollup(db, { orgId, accountId: target.accountId, start: addDays(lastDay, -6), end: lastDay });
    const costWeekRefreshS = (performance.now() - costWeekStarted) / 1000;
    const sizes: Record<string, number> = {};
    for (const table of DATA_TABLES) {
      const [row] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`),
      );
      sizes[table] = Number(row?.n ?? 0);
    }
    log(`loaded in ${loadS.toFixed(0)} s; 7-day refresh ${weekRefreshS.toFixed(2)} s; rows ${JSON.stringify(sizes)}`);
    if (args.loadOnly) {
      const load = { total_s: round(loadS, 1), per_organization: loaded.map((o) => ({ seed: o.seed, ...o.seconds })) };
      writeRun(args.out, { benchmark: "analytics", load_only: true, load, table_rows: sizes }, args.as ?? "load_only");
      return EXIT.ok;
    }

    const ranges = {
      "1y": { start: addDays(lastDay, -364), end: lastDay },
      "30d": { start: addDays(lastDay, -29), end: lastDay },
    };
    const ctx: Ctx = {
      orgId,
      actor: { userId: target.userId, orgId, role: "owner" },
      now: new Date(`${addDays(lastDay, 1)}T12:00:00Z`),
    };
    const all = { ...views(), ...pageOnlyViews() };
    const loadAtStart = loadAverage();
    const results: Record<string, Record<string, Figure & { path: string; rows?: number }>> = {};
    const baseline: Record<string, Record<string, Figure>> = {};
    const unindexedBase: Record<string, Record<string, Figure>> = {};
    const pageLoad: Record<string, Figure> = {};
    const pageLoadBaseline: Record<string, Figure> = {};
    for (const [rangeName, range] of Object.entries(ranges)) {
      results[rangeName] = {};
      baseline[rangeName] = {};
      unindexedBase[rangeName] = {};
      for (const [name, view] of Object.entries(all)) {
        const figure = await timeIt(args.runs, () => view.run(db, ctx, range, "auto"));
        const path = view.groupBy ? await servedBy(db, orgId, range, view.groupBy) : view.servedBy!;
        results[rangeName][name] = { ...figure, path };
        let note = "";
        if (view.bulk) {
          const rows = ((await view.run(db, ctx, range, "auto")) as unknown[]).length;
          results[rangeName][name] = { ...figure, path, rows };
          note = `bulk read: ${fmt(rows)} rows`;
        }
        if (view.hasRawPath && args.baselineRuns > 0) {
          const base = await timeIt(args.baselineRuns, () => view.run(db, ctx, range, "raw"));
          baseline[rangeName][name] = base;
          note = `baseline ${base.median_ms.toFixed(1)} ms`;
        }
        if (args.unindexed && view.groupBy && args.baselineRuns > 0) {
          const off = await timeIt(args.baselineRuns, () => unindexed(db, (tx) => view.run(tx, ctx, range, "raw")));
          unindexedBase[rangeName][name] = off;
          note += `, indexes off ${off.median_ms.toFixed(1)} ms`;
        }
        log(`[${rangeName}] ${name.padEnd(28)} ${figure.median_ms.toFixed(1).padStart(8)} ms median (${path}) ${note}`);
      }
      pageLoad[rangeName] = await timeIt(args.runs, () => runPage(db, ctx, range, "auto"));
      if (args.baselineRuns > 0) {
        pageLoadBaseline[rangeName] = await timeIt(args.baselineRuns, () => runPage(db, ctx, range, "raw"));
      }
      log(
        `[${rangeName}] page load ${pageLoad[rangeName].median_ms} ms median / ${pageLoad[rangeName].p95_ms} p95 ` +
          `(baseline ${pageLoadBaseline[rangeName]?.median_ms ?? "-"} ms)`,
      );
    }
    const loadAtEnd = loadAverage();

    const filtered = await filteredFigures(db, orgId, target.provider, ranges["1y"], args.runs, log);
    const stale = await staleFigures(db, orgId, ranges, Math.min(args.runs, 5));
    const csv = await exportFigure(db, orgId, ranges["30d"]);
    log(`export: 30 days, ${fmt(csv.rows)} rows in ${csv.seconds} s`);

    const ratios = ratiosOf(results, baseline, pageLoad, pageLoadBaseline);
    const bulk = Object.fromEntries(Object.entries(all).flatMap(([name, v]) => (v.bulk ? [[name, v.bulk]] : [])));
    const targets = targetsOf(results, pageLoad, bulk);
    const run = {
      benchmark: "analytics",
      recorded_at: new Date().toISOString(),
      database: { kind: handle.kind, version },
      machine: machine(),
      load_average: { description: "1, 5 and 15 minutes", before_timing: loadAtStart, after_timing: loadAtEnd },
      dataset: {
        generator: "scripts/emulator/dataset.ts (usage) + scripts/emulator/costs-data.ts (billed cost)",
        organizations: args.orgs,
        seeds: loaded.map((o) => o.seed),
        timed_organization: { index: target.index, seed: target.seed },
        projects: args.dataset.projects,
        api_keys_per_project: args.dataset.apiKeysPerProject,
        models: args.dataset.models,
        users: args.dataset.users,
        density: args.dataset.density,
        first_day: firstDay,
        last_day: lastDay,
        rows: target.usageRows,
        rows_all_organizations: sum(loaded, (o) => o.usageRows),
        cost_rows: target.costRows,
        cost_rows_all_organizations: sum(loaded, (o) => o.costRows),
        cost_group_by: args.costGroupBy,
        catalog_entries: target.catalogEntries,
      },
      load: {
        total_s: round(loadS, 1),
        vacuum_analyze_s: round(vacuumS, 1),
        insert_s: round(
          sum(loaded, (o) => o.seconds.insert_usage),
          2,
        ),
        insert_rows_per_s: Math.round(sum(loaded, (o) => o.usageRows) / sum(loaded, (o) => o.seconds.insert_usage)),
        cost_insert_s: round(
          sum(loaded, (o) => o.seconds.insert_costs),
          2,
        ),
        pricing_all_rows_s: round(
          sum(loaded, (o) => o.seconds.pricing),
          2,
        ),
        rollup_full_rebuild_s: round(
          sum(loaded, (o) => o.seconds.rollup_full_rebuild),
          2,
        ),
        rollup_refresh_7_days_s: round(weekRefreshS, 3),
        cost_rollup_full_rebuild_s: round(
          sum(loaded, (o) => o.seconds.cost_rollup_full_rebuild),
          2,
        ),
        cost_rollup_refresh_7_days_s: round(costWeekRefreshS, 3),
        per_organization: loaded.map((o) => ({
          seed: o.seed,
          usage_rows: o.usageRows,
          cost_rows: o.costRows,
          ...o.seconds,
        })),
        table_rows: sizes,
      },
      ranges,
      runs: args.runs,
      views: results,
      page_load: {
        description:
          "src/app/analytics/page.tsx's reads for the default view, all in parallel: its Promise.all " +
          "(keys, totals, daily series, model breakdown limit 50, filter options, spend by provider, top movers) " +
          "plus the forecast, anomalies and unpriced-models sections it renders",
        calls: Object.keys(PAGE_CALLS),
        ...pageLoad,
      },
      baseline: {
        description:
          "the same views by plain SQL over usage_events / cost_events (the raw read path: GROUP BY over every " +
          "row in range), the planner's indexes allowed; views without a raw path (the bill, keys, forecast, " +
          "anomalies, unpriced models) run the same call in the page-load baseline and have no ratio",
        runs: args.baselineRuns,
        views: baseline,
        page_load: pageLoadBaseline,
        ...(args.unindexed
          ? {
              indexes_off: {
                description: "usage views' raw path with index, bitmap and index-only scans off",
                views: unindexedBase,
              },
            }
          : {}),
      },
      ratios: { description: "baseline median / median", ...ratios },
      targets,
      filtered_1y: filtered,
      stale_cubes_raw_path: stale,
      export_csv_30d: csv,
    };
    const written = writeRun(args.out, run, args.as, Boolean(args.reuse));
    console.log(`\nranges: ${JSON.stringify(ranges)}`);
    printTable(results, baseline);
    console.log(
      `\npage load (${Object.keys(PAGE_CALLS).length} reads in parallel): 1y ${pageLoad["1y"]!.median_ms} ms median / ` +
        `${pageLoad["1y"]!.p95_ms} p95, 30d ${pageLoad["30d"]!.median_ms} / ${pageLoad["30d"]!.p95_ms}; ` +
        `baseline 1y ${pageLoadBaseline["1y"]?.median_ms ?? "-"} ms`,
    );
    console.log(`targets: ${JSON.stringify(targets)}`);
    console.log(
      `\n${args.orgs} organization(s), ${fmt(sum(loaded, (o) => o.usageRows))} usage rows, ` +
        `${fmt(sum(loaded, (o) => o.costRows))} cost rows on ${handle.kind} ${version}; loaded in ${round(loadS, 0)} s; ` +
        `wrote ${written}${args.as ? ` (other_runs.${args.as})` : ""}`,
    );
    return EXIT.ok;
  } finally {
    if (args.keep || args.reuse) {
      log(`kept: ${handle.where}, organizations ${loaded.map((o) => o.orgId).join(", ")}`);
    } else {
      if (handle.where === "in place") {
        for (const o of loaded) {
          await db.execute(sql`delete from organizations where id = ${o.orgId}::uuid`);
          await db.execute(sql`delete from users where id = ${o.userId}::uuid`);
        }
      }
      await handle.close();
    }
  }
});
