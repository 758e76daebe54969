/**
 * `npm run bench:analytics`: the read side over a year of one generated organization (the
 * emulator's deterministic generator, ~1M usage rows by default), written straight into
 * usage_events with batched unnest inserts and rolled up with refreshUsageRollup. Then every
 * analytics view is timed for a 1-year and a 30-day range (median and p95), with the /analytics
 * page's loads in parallel as one figure, against a baseline of the same views answered by a plain
 * GROUP BY over usage_events with index scans off; plus filtered views, the raw path a user with
 * stale cubes gets, and a 30-day CSV export. Writes audit/bench/analytics.json and prints a table.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { rowsOf, type DbHandle } from "@/db/types";
import {
  buildUsageCsv,
  getUsageBreakdown,
  getUsageTotals,
  type AnalyticsFilters,
  type BreakdownDimension,
} from "@/lib/analytics";
import { repriceAccountIfStale } from "@/lib/pricing/pricing-state";
import { refreshUsageRollup } from "@/lib/rollup";
import { DIMENSION_COLUMNS } from "@/lib/analytics/plan";
import { CUBES } from "@/lib/rollup";
import { addDays } from "@/lib/dates";
import { chooseSource } from "@/lib/analytics/source";
import { createKey } from "@/lib/keys/create";
import { listKeyRows } from "@/lib/keys/list";
import { createKeySchema } from "@/lib/keys/schemas";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import { generateDataset } from "../emulator/dataset";
import { EXIT, runCli } from "../lib/runtime";
import { parseBenchArgs } from "./lib/args";
import { accountRow, catalogEntriesOf, openTarget } from "./lib/analytics-data";
import { ALL_PANELS, PAGE_VIEWS, unindexed, views } from "./lib/analytics-views";
import { timeIt, type Figure } from "./lib/stats";
import { storeCatalog } from "@/lib/ingestion/catalog-sync";
import { rawInsert, round } from "./lib/raw-insert";
import { loadHarnessEnv, serverVersion } from "./lib/throwaway-db";

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const HELP = `Usage: npm run bench:analytics -- [options]

Dataset (one organization; the defaults give about 1M usage rows over 365 days):
  --projects N (20)   --api-keys N per project (50)   --models N (15)   --users N (40)
  --days N (365)      --density X (0.17)   --seed N (42)   --end-date YYYY-MM-DD (yesterday, UTC)
Database: --database-url URL (else DATABASE_URL): a throwaway database is created on that server
  and dropped afterwards; --in-place uses that database itself (a scratch user, deleted after).
  Neither: a throwaway PGlite in a temp folder.
  --runs N            timed runs per figure (20)
  --baseline-runs N   timed runs per baseline figure (20)
  --keep              leave the database and its data behind for inspection (prints where)
  --out FILE          (audit/bench/analytics.json)`;

function parse() {
  const args = parseBenchArgs(
    process.argv.slice(2),
    {
      runs: { type: "string", default: "20" },
      "baseline-runs": { type: "string", default: "20" },
      keep: { type: "boolean", default: false },
      out: { type: "string", default: "audit/bench/analytics.json" },
    },
    { endDate: yesterday() },
  );
  return {
    help: args.help,
    dataset: args.dataset,
    databaseUrl: args.databaseUrl,
    inPlace: args.inPlace,
    runs: args.int("runs"),
    baselineRuns: args.int("baseline-runs"),
    keep: Boolean(args.values.keep),
    out: String(args.values.out),
  };
}

const log = (line: string) => process.stderr.write(line + "\n");
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function printTable(
  ranges: Record<string, unknown>,
  results: Record<string, Record<string, Figure & { path: string }>>,
  baseline: Record<string, Record<string, Figure>>,
) {
  const names = Object.keys(results["1y"]!);
  const cell = (f: Figure | undefined) => (f ? `${f.median_ms.toFixed(1)} / ${f.p95_ms.toFixed(1)}` : "-");
  const rows = names.map((n) => {
    const y = results["1y"]![n]!;
    const m = results["30d"]![n]!;
    const by = baseline["1y"]![n];
    return [n, y.path, cell(y), cell(m), cell(by), by ? `${(by.median_ms / y.median_ms).toFixed(1)}x` : "-"];
  });
  const head = ["view", "served by (1y)", "1y median / p95 ms", "30d median / p95 ms", "baseline 1y ms", "speed-up 1y"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(`\nranges: ${JSON.stringify(ranges)}`);
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

runCli(async () => {
  const args = parse();
  if (args.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const databaseUrl = loadHarnessEnv(args.databaseUrl);
  const lastDay = args.dataset.endDate;
  const firstDay = addDays(lastDay, 1 - args.dataset.days);
  const dataset = generateDataset(args.dataset);
  const org = dataset.organizations[0]!;

  const handle: DbHandle & { kind: "pglite" | "postgresql"; where: string } = await openTarget(
    databaseUrl,
    args.inPlace,
  );
  const db = handle.db;
  let userId: string | null = null;
  let orgId: string | null = null;
  try {
    const version = await serverVersion(handle);
    log(`database: ${handle.kind} ${version} (${handle.where})`);
    const [user] = await db
      .insert(users)
      .values({
        email: `bench-${randomBytes(4).toString("hex")}@bench.cognitrack.invalid`,
        name: "Analytics benchmark",
      })
      .returning();
    userId = user!.id;
    orgId = (await ensurePersonalOrganization(db, user!)).id;
    const { key } = await createKey(
      db,
      { userId, orgId, role: "owner" },
      createKeySchema.parse({
        provider: "openai",
        label: "Benchmark admin key",
        usageMode: "admin",
        apiKey: `sk-admin-bench-${randomBytes(8).toString("hex")}`,
        organizationId: org.id,
        projectId: org.projects[0]!.id,
      }),
    );
    const catalogEntries = await storeCatalog(db, await accountRow(db, key.accountId), catalogEntriesOf(org));

    log(
      `loading ${firstDay}..${lastDay} (${args.dataset.projects} projects x ${args.dataset.apiKeysPerProject} keys x ${args.dataset.models} models)...`,
    );
    let lastLogged = 0;
    const insert = await rawInsert(db, {
      table: "usage_events",
      dataset,
      providerOrgId: org.id,
      firstDay,
      lastDay,
      batchRows: 10_000,
      orgId,
      accountId: key.accountId,
      onProgress: (n) => {
        if (n - lastLogged >= 200_000) {
          lastLogged = n;
          log(`  ${fmt(n)} rows`);
        }
      },
    });
    log(`inserted ${fmt(insert.rows)} rows in ${insert.seconds} s (${fmt(insert.rows_per_s)} rows/s)`);
    await db.execute(sql`analyze usage_events`);

    // Raw-inserted rows carry no cost: price them first, timed on their own (ingestion prices as it stores).
    const pricingStarted = performance.now();
    await repriceAccountIfStale(db, orgId, key.accountId);
    const pricingS = (performance.now() - pricingStarted) / 1000;
    log(`priced ${fmt(insert.rows)} rows in ${pricingS.toFixed(1)} s`);

    const refreshStarted = performance.now();
    const window = { start: new Date(`${firstDay}T00:00:00Z`), end: new Date(`${addDays(lastDay, 1)}T00:00:00Z`) };
    const full = await refreshUsageRollup(db, { orgId, accountId: key.accountId, ...window });
    const fullRefreshS = (performance.now() - refreshStarted) / 1000;
    const weekStarted = performance.now();
    await refreshUsageRollup(db, {
      orgId,
      accountId: key.accountId,
      start: new Date(`${addDays(lastDay, -6)}T00:00:00Z`),
      end: window.end,
    });
    const weekRefreshS = (performance.now() - weekStarted) / 1000;
    for (const table of [...CUBES.map((c) => c.table), "usage_events"]) {
      await db.execute(sql`vacuum analyze ${sql.identifier(table)}`);
    }
    const sizes: Record<string, number> = {};
    for (const cube of CUBES) {
      const [row] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from ${sql.identifier(cube.table)}`),
      );
      sizes[cube.name] = Number(row?.n ?? 0);
    }
    log(
      `rollup: full rebuild ${fullRefreshS.toFixed(1)} s (${fmt(full.dayRows)} day rows), 7-day refresh ${weekRefreshS.toFixed(2)} s`,
    );

    const ranges = {
      "1y": { start: addDays(lastDay, -364), end: lastDay },
      "30d": { start: addDays(lastDay, -29), end: lastDay },
    };
    const all = views();
    const served = async (filters: AnalyticsFilters, groupBy: string[]) => {
      const source = await chooseSource(db, orgId!, filters, groupBy as never[]);
      return source.kind === "raw" ? "usage_events" : `rollup:${source.cube}`;
    };
    const results: Record<string, Record<string, Figure & { path: string }>> = {};
    const baseline: Record<string, Record<string, Figure>> = {};
    const pageLoad: Record<string, Figure> = {};
    const pageLoadBaseline: Record<string, Figure> = {};
    const allPanels: Record<string, Figure> = {};
    for (const [rangeName, range] of Object.entries(ranges)) {
      results[rangeName] = {};
      baseline[rangeName] = {};
      for (const [name, view] of Object.entries(all)) {
        const figure = await timeIt(args.runs, () => view.run(db, orgId!, range, "auto"));
        results[rangeName][name] = { ...figure, path: await served(range, view.groupBy) };
        const base = await timeIt(args.baselineRuns, () => unindexed(db, (tx) => view.run(tx, orgId!, range, "raw")));
        baseline[rangeName][name] = base;
        log(
          `[${rangeName}] ${name.padEnd(22)} ${figure.median_ms.toFixed(1).padStart(7)} ms median  (baseline ${base.median_ms.toFixed(1)} ms)`,
        );
      }
      pageLoad[rangeName] = await timeIt(args.runs, () =>
        Promise.all([listKeyRows(db, orgId!), ...PAGE_VIEWS.map((n) => all[n]!.run(db, orgId!, range, "auto"))]),
      );
      pageLoadBaseline[rangeName] = await timeIt(args.baselineRuns, () =>
        Promise.all([
          listKeyRows(db, orgId!),
          ...PAGE_VIEWS.map((n) => unindexed(db, (tx) => all[n]!.run(tx, orgId!, range, "raw"))),
        ]),
      );
      allPanels[rangeName] = await timeIt(args.runs, () =>
        Promise.all(ALL_PANELS.map((n) => all[n]!.run(db, orgId!, range, "auto"))),
      );
      log(
        `[${rangeName}] page load ${pageLoad[rangeName].median_ms} ms median (baseline ${pageLoadBaseline[rangeName].median_ms} ms), ` +
          `all ${ALL_PANELS.length} panels ${allPanels[rangeName].median_ms} ms`,
      );
    }

    // Filter combinations a user reaches by clicking breakdown rows, each on the cube that serves it.
    const year = ranges["1y"];
    const project = org.projects[0]!.id;
    const apiKeyId = org.projectApiKeys.get(project)![0]!.id;
    const model = "gpt-4o-mini-2024-07-18";
    const filteredCases: { name: string; filters: AnalyticsFilters; dimension: BreakdownDimension }[] = [
      { name: "apiKeyId / model", filters: { ...year, apiKeyId }, dimension: "model" },
      { name: "projectId / apiKey", filters: { ...year, projectId: project }, dimension: "apiKey" },
      { name: "model / apiKey", filters: { ...year, model }, dimension: "apiKey" },
      { name: "batch=false / user", filters: { ...year, batch: false }, dimension: "user" },
      { name: "serviceTier=flex / project", filters: { ...year, serviceTier: "flex" }, dimension: "project" },
      { name: "serviceTier=flex / apiKey", filters: { ...year, serviceTier: "flex" }, dimension: "apiKey" },
    ];
    const filtered: Record<string, Figure & { path: string }> = {};
    for (const c of filteredCases) {
      const figure = await timeIt(args.runs, () => getUsageBreakdown(db, orgId!, c.filters, c.dimension));
      filtered[c.name] = { ...figure, path: await served(c.filters, [DIMENSION_COLUMNS[c.dimension]]) };
      log(
        `[1y filtered] ${c.name.padEnd(28)} ${figure.median_ms.toFixed(1).padStart(7)} ms median (${filtered[c.name]!.path})`,
      );
    }

    // A user whose cubes are stale (never refreshed, or built with an older price table) is served
    // by the raw path with the planner's usual indexes.
    const staleRuns = Math.min(args.runs, 5);
    const stale = {
      runs: staleRuns,
      totals_1y: await timeIt(staleRuns, () => getUsageTotals(db, orgId!, year, { path: "raw" })),
      breakdown_model_1y: await timeIt(staleRuns, () => getUsageBreakdown(db, orgId!, year, "model", { path: "raw" })),
      totals_30d: await timeIt(staleRuns, () => getUsageTotals(db, orgId!, ranges["30d"], { path: "raw" })),
    };

    const exportStarted = performance.now();
    const csv = await buildUsageCsv(db, orgId, ranges["30d"]);
    const exportS = (performance.now() - exportStarted) / 1000;
    const exportRows = csv.split("\r\n").length - 2;
    log(`export: 30 days, ${fmt(exportRows)} rows in ${exportS.toFixed(2)} s`);

    const ratios: Record<string, Record<string, number>> = {};
    for (const rangeName of Object.keys(ranges)) {
      ratios[rangeName] = {};
      for (const name of Object.keys(all)) {
        ratios[rangeName][name] = round(
          baseline[rangeName]![name]!.median_ms / results[rangeName]![name]!.median_ms,
          1,
        );
      }
      ratios[rangeName].page_load = round(pageLoadBaseline[rangeName]!.median_ms / pageLoad[rangeName]!.median_ms, 1);
    }

    const cpus = os.cpus();
    const output = {
      benchmark: "analytics",
      recorded_at: new Date().toISOString(),
      database: { kind: handle.kind, version },
      machine: {
        cores: cpus.length,
        cpu: cpus[0]?.model ?? "unknown",
        memory_gb: round(os.totalmem() / 2 ** 30, 1),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      dataset: {
        generator: "scripts/emulator/dataset.ts",
        seed: args.dataset.seed,
        organizations: 1,
        projects: args.dataset.projects,
        api_keys_per_project: args.dataset.apiKeysPerProject,
        models: args.dataset.models,
        users: args.dataset.users,
        density: args.dataset.density,
        first_day: firstDay,
        last_day: lastDay,
        rows: insert.rows,
        catalog_entries: catalogEntries,
      },
      load: {
        insert_s: insert.seconds,
        insert_rows_per_s: insert.rows_per_s,
        pricing_all_rows_s: round(pricingS, 2),
        rollup_full_rebuild_s: round(fullRefreshS, 2),
        rollup_refresh_7_days_s: round(weekRefreshS, 3),
        rollup_rows: sizes,
      },
      ranges,
      runs: args.runs,
      views: results,
      page_load: {
        description: "src/app/analytics/page.tsx's loads in parallel: listKeys plus these views",
        views: PAGE_VIEWS,
        ...pageLoad,
      },
      all_panels: { description: "these views in parallel", views: ALL_PANELS, ...allPanels },
      baseline: {
        description:
          "the same views from usage_events (raw path: GROUP BY over every row in range) with index, bitmap and index-only scans disabled",
        runs: args.baselineRuns,
        views: baseline,
        page_load: pageLoadBaseline,
      },
      ratios: { description: "baseline median / median", ...ratios },
      filtered_1y: filtered,
      stale_cubes_raw_path: stale,
      export_csv_30d: { rows: exportRows, seconds: round(exportS, 2) },
      target: { median_ms: 50, limit_ms: 100 },
    };
    const out = path.resolve(args.out);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(output, null, 2) + "\n");
    printTable(ranges, results, baseline);
    console.log(
      `\npage load (listKeys + ${PAGE_VIEWS.join(", ")}, in parallel): 1y ${pageLoad["1y"]!.median_ms} ms median / ` +
        `${pageLoad["1y"]!.p95_ms} p95, 30d ${pageLoad["30d"]!.median_ms} / ${pageLoad["30d"]!.p95_ms}; ` +
        `baseline 1y ${pageLoadBaseline["1y"]!.median_ms} ms; all ${ALL_PANELS.length} panels 1y ${allPanels["1y"]!.median_ms} ms`,
    );
    for (const [name, f] of Object.entries(filtered)) {
      console.log(`filtered 1y, ${name}: ${f.median_ms} ms median / ${f.p95_ms} p95 (${f.path})`);
    }
    console.log(
      `stale cubes (raw path): totals 1y ${stale.totals_1y.median_ms} ms, model breakdown 1y ${stale.breakdown_model_1y.median_ms} ms`,
    );
    console.log(
      `rollup: full rebuild ${round(fullRefreshS, 1)} s, 7-day refresh ${round(weekRefreshS, 2)} s; CSV 30d ${fmt(exportRows)} rows in ${round(exportS, 2)} s`,
    );
    console.log(
      `\n${fmt(insert.rows)} rows on ${handle.kind} ${version}, ${cpus.length} cores; wrote ${path.relative(process.cwd(), out)}`,
    );
    return EXIT.ok;
  } finally {
    if (args.keep) {
      log(`kept: ${handle.where}, organization ${orgId}`);
    } else {
      if (orgId && handle.where === "in place")
        await db.execute(sql`delete from organizations where id = ${orgId}::uuid`);
      if (userId && handle.where === "in place") await db.execute(sql`delete from users where id = ${userId}::uuid`);
      await handle.close();
    }
  }
});
