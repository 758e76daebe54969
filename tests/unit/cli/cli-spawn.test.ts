import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** The real CLIs, as an operator runs them (no database is opened for these invocations). */
function run(script: string, args: string[]) {
  const r = spawnSync("npx", ["tsx", script, ...args], { encoding: "utf8", timeout: 60_000 });
  // npx may add its own "npm warn ..." lines about the local npm config; they are not ours.
  const stderr = r.stderr
    .split("\n")
    .filter((line) => !/^npm (warn|notice)/i.test(line))
    .join("\n");
  return { code: r.status, stdout: r.stdout, stderr };
}

// Each spawn compiles the script with tsx: seconds, not milliseconds.
describe("usage-backfill CLI", { timeout: 60_000 }, () => {
  it("--help documents every option with examples", () => {
    const r = run("scripts/usage-backfill.ts", ["--help"]);
    expect(r.code).toBe(0);
    for (const option of ["--start", "--end", "--days", "--chunk-days", "--user", "--label", "--dry-run", "--help"]) {
      expect(r.stdout).toContain(option);
    }
    expect(r.stdout).toContain("Examples:");
  });

  it("a bad date is one clear line and exit code 2", () => {
    const r = run("scripts/usage-backfill.ts", ["--start", "2026-02-30", "--end", "2026-03-01"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toBe(
      'error: --start must be a real date written YYYY-MM-DD (UTC), got "2026-02-30"',
    );
  });

  it("an unknown option exits 2 too", () => {
    const r = run("scripts/usage-backfill.ts", ["--days", "3", "--chunks", "2"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("error: unknown option --chunks");
  });
});

describe("usage-telemetry-diff and admin-usage-sample CLIs", { timeout: 120_000 }, () => {
  it("document themselves and reject bad input with exit code 2", () => {
    const diffHelp = run("scripts/usage-telemetry-diff.ts", ["--help"]);
    expect(diffHelp.code).toBe(0);
    for (const option of ["--csv", "--user", "--output", "--strict", "--write-csv"])
      expect(diffHelp.stdout).toContain(option);
    const missing = run("scripts/usage-telemetry-diff.ts", ["--csv", "/nonexistent/usage.csv"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split("\n")[0]).toBe("error: cannot read --csv /nonexistent/usage.csv: no such file");

    const sampleHelp = run("scripts/admin-usage-sample.ts", ["--help"]);
    expect(sampleHelp.code).toBe(0);
    for (const option of ["--key-id", "--api-key-env", "--org", "--project", "--days"]) {
      expect(sampleHelp.stdout).toContain(option);
    }
    const noKey = run("scripts/admin-usage-sample.ts", ["--api-key-env", "COGNITRACK_TEST_UNSET_KEY"]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr.split("\n")[0]).toMatch(/^error: COGNITRACK_TEST_UNSET_KEY is not set/);
  });
});
