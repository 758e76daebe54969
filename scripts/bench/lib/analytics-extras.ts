/**
 * The analytics bench's side figures: filter combinations a user reaches by clicking breakdown
 * rows (each on the cube that serves it), the raw path a user with stale cubes gets, and a 30-day
 * CSV export.
 */
import type { Db } from "@/db/types";
import {
  buildUsageCsv,
  getUsageBreakdown,
  getUsageTotals,
  type AnalyticsFilters,
  type BreakdownDimension,
} from "@/lib/analytics";
import { DIMENSION_COLUMNS } from "@/lib/analytics/plan";
import { chooseSource } from "@/lib/analytics/source";
import type { Organization } from "../../emulator/types";
import { round } from "./raw-insert";
import { timeIt, type Figure } from "./stats";

type Range = { start: string; end: string };

export async function servedBy(db: Db, orgId: string, filters: AnalyticsFilters, groupBy: string[]) {
  const source = await chooseSource(db, orgId, filters, groupBy as never[]);
  return source.kind === "raw" ? "usage_events" : `rollup:${source.cube}`;
}

export async function filteredFigures(
  db: Db,
  orgId: string,
  provider: Organization,
  year: Range,
  runs: number,
  log: (line: string) => void,
) {
  const project = provider.projects[0]!.id;
  const apiKeyId = provider.projectApiKeys.get(project)![0]!.id;
  const model = "gpt-4o-mini-2024-07-18";
  const cases: { name: string; filters: AnalyticsFilters; dimension: BreakdownDimension }[] = [
    { name: "apiKeyId / model", filters: { ...year, apiKeyId }, dimension: "model" },
    { name: "projectId / apiKey", filters: { ...year, projectId: project }, dimension: "apiKey" },
    { name: "model / apiKey", filters: { ...year, model }, dimension: "apiKey" },
    { name: "batch=false / user", filters: { ...year, batch: false }, dimension: "user" },
    { name: "serviceTier=flex / project", filters: { ...year, serviceTier: "flex" }, dimension: "project" },
    { name: "serviceTier=flex / apiKey", filters: { ...year, serviceTier: "flex" }, dimension: "apiKey" },
  ];
  const out: Record<string, Figure & { path: string }> = {};
  for (const c of cases) {
    const figure = await timeIt(runs, () =>
      getUsageBreakdown(db, orgId, c.filters, c.dimension, { statementTimeoutMs: 0 }),
    );
    out[c.name] = { ...figure, path: await servedBy(db, orgId, c.filters, [DIMENSION_COLUMNS[c.dimension]]) };
    log(
      `[1y filtered] ${c.name.padEnd(28)} ${figure.median_ms.toFixed(1).padStart(7)} ms median (${out[c.name]!.path})`,
    );
  }
  return out;
}

/** A user whose cubes are stale (never refreshed, or built with an older price table) reads raw rows. */
export async function staleFigures(db: Db, orgId: string, ranges: { "1y": Range; "30d": Range }, runs: number) {
  const raw = { path: "raw" as const, statementTimeoutMs: 0 };
  return {
    runs,
    totals_1y: await timeIt(runs, () => getUsageTotals(db, orgId, ranges["1y"], raw)),
    breakdown_model_1y: await timeIt(runs, () => getUsageBreakdown(db, orgId, ranges["1y"], "model", raw)),
    totals_30d: await timeIt(runs, () => getUsageTotals(db, orgId, ranges["30d"], raw)),
  };
}

export async function exportFigure(db: Db, orgId: string, range: Range) {
  const started = performance.now();
  const csv = await buildUsageCsv(db, orgId, range);
  return { rows: csv.split("\r\n").length - 2, seconds: round((performance.now() - started) / 1000, 2) };
}
