/**
 * `npm run spike:admin-ingestion`: replays spikes/fixtures through the real ingestion code into a
 * fresh database and writes audit/spike-results/admin_ingestion_spike.json (byte-identical across
 * runs). Exits 1 before ingesting anything when a usage row names a project projects.json lacks.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadHarnessEnv } from "../scripts/bench/lib/throwaway-db";
import { EXIT, runCli, UsageError } from "../scripts/lib/runtime";
import { FixtureValidationError } from "./lib/fixture-check";
import { runAdminIngestionSpike, serializeReport } from "./lib/run-spike";

const HELP = `Usage: npm run spike:admin-ingestion -- [options]

Replays spikes/fixtures through fetchAndStoreUsageForOrg against the emulator (fixture mode, random
port) into a fresh database, then writes a deterministic report.

  --database-url URL  create a throwaway database on this PostgreSQL server (dropped afterwards);
                      default: a throwaway PGlite in a temp folder
  --fixtures DIR      fixtures folder (default spikes/fixtures)
  --out FILE          report path (default audit/spike-results/admin_ingestion_spike.json)
  --help`;

runCli(async () => {
  let args;
  try {
    args = parseArgs({
      options: {
        "database-url": { type: "string" },
        fixtures: { type: "string" },
        out: { type: "string", default: "audit/spike-results/admin_ingestion_spike.json" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (args.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  // Stored keys are sealed with a one-off key: the throwaway database dies with this process.
  loadHarnessEnv();

  let report;
  try {
    report = await runAdminIngestionSpike({
      fixturesDir: args.fixtures,
      databaseUrl: args["database-url"],
      log: (line) => console.error(line),
    });
  } catch (e) {
    if (e instanceof FixtureValidationError) {
      console.error(`error: ${e.message}`);
      return EXIT.failed;
    }
    throw e;
  }
  const out = path.resolve(args.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, serializeReport(report));

  for (const s of report.scenarios) {
    const t = s.telemetry;
    const issues = t.issues.map((i) => i.code).join(", ") || "none";
    console.log(
      `${s.name}: ${s.status}; ${t.requestsMade} requests, ${t.rowsFetched} rows fetched, ${t.rowsInserted} inserted; ` +
        `stored ${s.stored.usage_events.total} usage rows, ${s.stored.provider_catalog.total} catalog entries; ` +
        `rerun unchanged ${s.rerun.rowsUnchanged}/${s.rerun.rowsFetched}; issues: ${issues}`,
    );
  }
  const a = report.anthropic;
  console.log(
    `anthropic: ${a.status}; ${a.telemetry.requestsMade} requests, ${a.stored.usage_events.total} usage rows, ` +
      `${a.stored.cost_events.total} cost rows (USD ${a.stored.cost_events.amount_usd}), ` +
      `${a.stored.provider_catalog.total} catalog entries; rerun unchanged ${a.rerun.rowsUnchanged}/${a.rerun.rowsFetched}`,
  );
  console.log(`usage_events sha256 ${report.checksums.usage_events.sha256}`);
  console.log(`provider_catalog sha256 ${report.checksums.provider_catalog.sha256}`);
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
  const ok = report.scenarios.every((s) => s.status === "succeeded") && a.status === "succeeded";
  return ok ? EXIT.ok : EXIT.failed;
});
