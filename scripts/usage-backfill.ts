/** `npm run usage:backfill`: thin wrapper over scripts/backfill (options, plan, run); see --help. */
import { configureLogger } from "@/lib/logger";
import { runBackfillThroughApi } from "./backfill/api";
import { BACKFILL_HELP, parseBackfillArgs, planBackfill, planForApi } from "./backfill/args";
import { createProgressReporter, formatStepLine } from "./backfill/progress";
import { chooseBackfillRoute } from "./backfill/route";
import {
  exitCodeFor,
  resolveBackfillOrgs,
  runBackfill,
  type BackfillSummary,
  type StepInfo,
  type StepResult,
} from "./backfill/run";
import type { IngestionProgress } from "@/lib/ingestion/fetch-and-store";
import { routeContextFromConfig } from "./lib/app-api";
import { loadCliEnv, runCli, withDatabase } from "./lib/runtime";

runCli(async () => {
  const args = parseBackfillArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(BACKFILL_HELP);
    return;
  }
  const plan = planBackfill(args, Date.now());
  loadCliEnv();
  const route = chooseBackfillRoute(args, routeContextFromConfig());

  const reporter = createProgressReporter(process.stderr);
  const controller = new AbortController();
  // After Ctrl-C the entry point logs the aborted request as a key failure; the summary says it better.
  configureLogger({
    sink: (line) => {
      if (!controller.signal.aborted) reporter.line(line);
    },
  });
  let interruptedAt = 0;
  const onSigint = () => {
    // tsx (behind npm run) relays the terminal's SIGINT to us a few ms after the terminal sent it: one Ctrl-C.
    if (interruptedAt && Date.now() - interruptedAt < 1000) return;
    if (interruptedAt) {
      reporter.close();
      process.stderr.write("Stopped without cleaning up. Run the same command again; it repairs anything half-done.\n");
      process.exit(130);
    }
    interruptedAt = Date.now();
    reporter.line("Interrupted: stopping the current request and saving progress (Ctrl-C again to quit at once)...");
    controller.abort();
  };
  process.on("SIGINT", onSigint);

  const stepCallbacks = (total: () => number) => {
    let done = 0;
    return {
      onStepStart: (step: StepInfo) => reporter.bar({ done, total: total(), step: { ...step, org: step.org.name } }),
      onProgress: (page: IngestionProgress, rows: number, step: StepInfo) =>
        reporter.bar({ done, total: total(), step: { ...step, org: step.org.name }, page, rows }),
      onStep: (result: StepResult) => {
        done++;
        reporter.line(formatStepLine(result, total()));
        reporter.bar({ done, total: total() });
      },
    };
  };

  let summary: BackfillSummary;
  if (route.kind === "api") {
    const apiPlan = planForApi(plan);
    const n = apiPlan.chunks.length;
    reporter.line(
      `Backfilling ${plan.window.days[0]}..${plan.window.days.at(-1)} (${plan.window.days.length} days) for the ` +
        `API token's organization through the app at ${route.target.appUrl}: ${n} chunk(s) of up to ${apiPlan.chunkDays} days, ${n} run(s).`,
    );
    summary = await runBackfillThroughApi(apiPlan, route.target, {
      signal: controller.signal,
      ...stepCallbacks(() => n),
    });
  } else {
    summary = await withDatabase(async ({ db }) => {
      const orgs = await resolveBackfillOrgs(db, { org: plan.org, user: plan.user });
      const total = plan.chunks.length * orgs.length;
      const who = plan.org || plan.user ? orgs[0]!.name : `every organization with keys (${orgs.length})`;
      reporter.line(
        `Backfilling ${plan.window.days[0]}..${plan.window.days.at(-1)} (${plan.window.days.length} days) for ${who}: ` +
          `${plan.chunks.length} chunk(s) of up to ${plan.chunkDays} days, ${total} run(s)${plan.dryRun ? ", dry run" : ""}.`,
      );
      return runBackfill(db, plan, orgs, { signal: controller.signal, ...stepCallbacks(() => total) });
    });
  }
  reporter.close();
  process.off("SIGINT", onSigint);

  process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  if (summary.auditError) process.stderr.write(`warning: ${summary.auditError}\n`);
  process.stderr.write(`${summary.message}${summary.auditFile ? ` Details: ${summary.auditFile}` : ""}\n`);
  return exitCodeFor(summary);
});
