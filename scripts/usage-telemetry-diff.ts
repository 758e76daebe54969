/**
 * `npm run usage:diff`: thin wrapper over scripts/diff (compare a usage CSV export; write one); see --help.
 * Beside the running app on the embedded database it reads through the app's API (scripts/lib/app-api).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runCostDiff, type CostDiffReport } from "./diff/cost-csv";
import {
  apiPathProblem,
  DIFF_HELP,
  DIFF_THROUGH_APP_HINT,
  parseDiffArgs,
  runUsageDiff,
  writeStoredCsv,
  type AnthropicUsageDiffResult,
  type UsageDiffResult,
} from "./diff/run";
import { appSource, databaseSource, type StoredSource } from "./diff/source";
import { chooseCliRoute, routeContextFromConfig } from "./lib/app-api";
import { EXIT, loadCliEnv, runCli, UsageError, withDatabase } from "./lib/runtime";

function writeOut(file: string, text: string) {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text);
}

runCli(async () => {
  const args = parseDiffArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(DIFF_HELP);
    return;
  }
  let csvText: Buffer | undefined;
  if (args.csv) {
    try {
      csvText = readFileSync(args.csv);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(
        `cannot read --csv ${args.csv}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`,
      );
    }
  }
  loadCliEnv();
  const route = chooseCliRoute(args, routeContextFromConfig(), DIFF_THROUGH_APP_HINT);
  if (route.kind === "api" && !args.token) {
    const problem = apiPathProblem(args, "COGNITRACK_API_TOKEN while the running app holds the embedded database");
    if (problem) throw new UsageError(problem);
  }

  if (args.writeCsv) {
    const out = await withDatabase(({ db }) => writeStoredCsv(db, args));
    if (args.writeCsv === "-") process.stdout.write(out.csv);
    else writeOut(args.writeCsv, out.csv);
    const span = out.window ? ` (${out.window.start}..${out.window.end})` : "";
    process.stderr.write(
      `Wrote ${out.rows.toLocaleString("en-US")} stored row(s)${span} of ${out.org.name} to ${args.writeCsv === "-" ? "stdout" : args.writeCsv}.\n`,
    );
    return EXIT.ok;
  }

  const input = { csvText: csvText!, org: args.org, user: args.user, start: args.start, end: args.end };
  const compare = (source: StoredSource): Promise<CostDiffReport | UsageDiffResult | AnthropicUsageDiffResult> =>
    args.costs ? runCostDiff(source, input) : runUsageDiff(source, { ...input, provider: args.provider });
  const result: CostDiffReport | UsageDiffResult | AnthropicUsageDiffResult =
    route.kind === "api"
      ? await compare(appSource(route.target))
      : await withDatabase(({ db }) => compare(databaseSource(db)));
  const json = JSON.stringify(result, null, 2) + "\n";
  if (args.output) writeOut(args.output, json);
  else process.stdout.write(json);
  process.stderr.write(
    `${result.org.name}, ${result.window.start}..${result.window.end}: ${result.summary.message}` +
      `${args.output ? ` Report: ${args.output}` : ""}\n`,
  );
  return args.strict && !result.summary.ok ? EXIT.failed : EXIT.ok;
});
