/**
 * Every command the README documents exists as written: each `npm run <script>` is a script of
 * the root package (or of docs-site for `npm --prefix docs-site ...`), and each CLI whose README
 * line points to `--help` answers it with exit code 0 and a usage text.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const readme = readFileSync("README.md", "utf8");
const scripts = (file: string) => Object.keys(JSON.parse(readFileSync(file, "utf8")).scripts as Record<string, string>);

/** `npm run a` / `npm run a:b` mentions, plus the bare `npm run` names of a command table row. */
function mentionedScripts(text: string): string[] {
  const direct = [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
  // Table cells like "`npm run bench:ingest` / `bench:analytics`" name a second script without "npm run".
  const siblings = [...text.matchAll(/`npm run [\w:-]+`((?:\s*\/\s*`[\w:-]+`)+)/g)].flatMap((m) =>
    [...m[1]!.matchAll(/`([\w:-]+)`/g)].map((s) => s[1]!),
  );
  return [...new Set([...direct, ...siblings])];
}

describe("README commands", { timeout: 120_000 }, () => {
  it("name scripts that exist", () => {
    const mentioned = mentionedScripts(readme.replace(/npm --prefix docs-site[^\n`]*/g, ""));
    expect(mentioned.length).toBeGreaterThan(10);
    const root = new Set(scripts("package.json"));
    expect(mentioned.filter((s) => !root.has(s))).toEqual([]);
    const docs = [...readme.matchAll(/npm --prefix docs-site (?:run )?([\w:-]+)/g)].map((m) => m[1]!);
    const docsScripts = new Set([...scripts("docs-site/package.json"), "ci", "install"]);
    expect(docs.filter((s) => !docsScripts.has(s))).toEqual([]);
  });

  it("answer --help where the README points to it", { timeout: 240_000 }, async () => {
    const withHelp = readme
      .split("\n")
      .filter((line) => line.includes("--help"))
      .flatMap((line) => [...line.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!));
    const unique = [...new Set(withHelp)];
    expect(unique.length).toBeGreaterThan(2);
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    for (const name of unique) {
      const command = pkg.scripts[name]!;
      expect(command, name).toMatch(/^tsx scripts\//);
      const r = await run("npx", [...command.split(" "), "--help"], { encoding: "utf8", timeout: 120_000 }).catch(
        (e: { code?: number; stderr?: string; stdout?: string }) => ({ ...e, failed: true }),
      );
      expect("failed" in r, `npm run ${name} -- --help: ${String(r.stderr).slice(0, 300)}`).toBe(false);
      expect(r.stdout, name).toMatch(/usage/i);
    }
  });
});
