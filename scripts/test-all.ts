/**
 * `npm test`: every suite, in order of cost. Unit tests, then the database tests on the embedded
 * PGlite, then the same tests on PostgreSQL when TEST_DATABASE_URL is set, then the browser and
 * API tests against the built app. Ends with one "N passed, N failed" line for all of them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nextEnv from "@next/env";
import { findChromium } from "../tests/e2e/chromium";
import { childProcessEnv, toolingEnv } from "@/lib/env";

nextEnv.loadEnvConfig(process.cwd());
const isCI = toolingEnv().ci;
const only = process.argv.slice(2);
const reportDir = mkdtempSync(path.join(tmpdir(), "cognitrack-report-"));

interface Totals {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
}
interface Report extends Totals {
  testResults?: {
    name: string;
    message?: string;
    assertionResults?: { status: string; fullName: string; failureMessages?: string[] }[];
  }[];
}
const totals: Totals = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0 };
const failedSteps: string[] = [];
// Named again at the very end, because CI keeps only the tail of a long log.
const failures: string[] = [];
const flaky: string[] = [];

function firstLine(message: string | undefined): string {
  return (
    (message ?? "")
      .split("\n")
      .find((line) => line.trim())
      ?.trim()
      .slice(0, 300) ?? ""
  );
}

function collectFailures(suite: string, report: Report) {
  for (const file of report.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    const failed = (file.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const test of file.assertionResults ?? []) {
      if (test.status === "passed" && test.failureMessages?.length) {
        flaky.push(`[${suite}] ${where} > ${test.fullName}\n    ${firstLine(test.failureMessages[0])}`);
      }
    }
    for (const test of failed) {
      failures.push(`[${suite}] ${where} > ${test.fullName}\n    ${firstLine(test.failureMessages?.[0])}`);
    }
    if (!failed.length && file.message) failures.push(`[${suite}] ${where}\n    ${firstLine(file.message)}`);
  }
}

function runVitest(name: string, project: string, env: Record<string, string | undefined>) {
  if (only.length && !only.includes(project)) return;
  console.log(`\n=== ${name} ===`);
  const report = path.join(reportDir, `${name.replace(/\W+/g, "-")}.json`);
  const result = spawnSync(
    "npx",
    ["vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    { stdio: "inherit", env: childProcessEnv(env) },
  );
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, "utf8")) as Report;
    collectFailures(name, r);
    totals.numPassedTests += r.numPassedTests;
    totals.numFailedTests += r.numFailedTests;
    totals.numPendingTests += r.numPendingTests;
  }
  if (result.status !== 0) failedSteps.push(name);
}

runVitest("unit", "unit", {});
runVitest("integration (PGlite)", "integration", { TEST_DATABASE_URL: "" });
if (toolingEnv().testDatabaseUrl) {
  runVitest("integration (PostgreSQL)", "integration", {});
} else {
  console.log(
    "\n(PostgreSQL integration run skipped: set TEST_DATABASE_URL to run the database tests on a server too.)",
  );
}
if (findChromium()) {
  runVitest("e2e (built app, Chromium)", "e2e", {});
} else if (isCI) {
  console.error("\nChromium is missing: CI must run the browser tests (apt-get install chromium).");
  failedSteps.push("e2e (Chromium missing)");
} else {
  console.log("\n(Browser tests skipped: Chromium not found. Install it with `sudo apt-get install chromium`.)");
}

rmSync(reportDir, { recursive: true, force: true });
if (flaky.length) console.error(`\nPassed only on a retry (flaky: investigate):\n${flaky.join("\n")}`);
if (failures.length) console.error(`\nFailing tests:\n${failures.join("\n")}`);
if (failedSteps.length) console.error(`\nFailed: ${failedSteps.join(", ")}`);
const skipped = totals.numPendingTests ? `, ${totals.numPendingTests} skipped` : "";
console.log(`\n${totals.numPassedTests} passed, ${totals.numFailedTests} failed${skipped}`);
process.exit(failedSteps.length ? 1 : 0);
