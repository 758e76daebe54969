/** `npm run usage:diff`: thin wrapper over scripts/diff (compare a usage CSV export; write one); see --help. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runCostDiff, type CostDiffReport } from "./diff/cost-csv";
import {
  DIFF_HELP,
  parseDiffArgs,
  runUsageDiff,
  writeStoredCsv,
  type AnthropicUsageDiffResult,
  type UsageDiffResult,
} from "./diff/run";
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
  const result = await withDatabase<CostDiffReport | UsageDiffResult | AnthropicUsageDiffResult>(({ db }) =>
    args.costs ? runCostDiff(db, input) : runUsageDiff(db, { ...input, provider: args.provider }),
  );
  const json = JSON.stringify(result, null, 2) + "\n";
  if (args.output) writeOut(args.output, json);
  else process.stdout.write(json);
  process.stderr.write(
    `${result.org.name}, ${result.window.start}..${result.window.end}: ${result.summary.message}` +
      `${args.output ? ` Report: ${args.output}` : ""}\n`,
  );
  return args.strict && !result.summary.ok ? EXIT.failed : EXIT.ok;
});
