import { describe, expect, it } from "vitest";
import {
  apiPathProblem,
  parseBackfillArgs,
  planBackfill,
  planForApi,
  sanitizeLabel,
} from "../../../scripts/backfill/args";
import { UsageError } from "../../../scripts/lib/runtime";

const NOW = Date.parse("2026-11-21T15:00:00Z");
const plan = (argv: string[]) => planBackfill(parseBackfillArgs(argv), NOW);
const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected a UsageError");
};

describe("parseBackfillArgs", () => {
  it("reads every option, with defaults", () => {
    expect(parseBackfillArgs(["--start", "2026-01-01", "--end=2026-01-31"])).toEqual({
      help: false,
      start: "2026-01-01",
      end: "2026-01-31",
      days: undefined,
      chunkDays: 7,
      org: undefined,
      user: undefined,
      label: undefined,
      dryRun: false,
      token: undefined,
      appUrl: undefined,
    });
    expect(
      parseBackfillArgs(["--days", "30", "--chunk-days", "5", "--user", "a@b.c", "--label", "x", "--dry-run"]),
    ).toMatchObject({ days: 30, chunkDays: 5, user: "a@b.c", label: "x", dryRun: true });
    expect(parseBackfillArgs(["--days", "3", "--org", " Acme Inc "])).toMatchObject({ org: "Acme Inc" });
    expect(parseBackfillArgs(["--help"]).help).toBe(true);
    expect(parseBackfillArgs(["-h"]).help).toBe(true);
  });

  it("rejects bad dates, reversed windows and missing starts in one sentence", () => {
    expect(usage(() => parseBackfillArgs(["--start", "2026-02-30"]))).toBe(
      '--start must be a real date written YYYY-MM-DD (UTC), got "2026-02-30"',
    );
    expect(usage(() => parseBackfillArgs(["--start", "01/02/2026"]))).toMatch(/^--start must be a real date/);
    expect(usage(() => parseBackfillArgs(["--start", "2026-03-01", "--end", "2026-02-01"]))).toBe(
      "--start (2026-03-01) is after --end (2026-02-01)",
    );
    expect(usage(() => parseBackfillArgs(["--end", "2026-02-01"]))).toMatch(/--start YYYY-MM-DD or --days N/);
    expect(usage(() => parseBackfillArgs(["--start", "2026-01-01", "--days", "3"]))).toMatch(/not both/);
  });

  it("rejects unknown options, positionals, missing values and non-numbers", () => {
    expect(usage(() => parseBackfillArgs(["--start", "2026-01-01", "--chunk", "3"]))).toBe("unknown option --chunk");
    expect(usage(() => parseBackfillArgs(["2026-01-01"]))).toMatch(/unexpected argument "2026-01-01"/);
    expect(usage(() => parseBackfillArgs(["--start"]))).toBe("--start needs a value");
    expect(usage(() => parseBackfillArgs(["--start", "--end", "2026-01-01"]))).toBe("--start needs a value");
    expect(usage(() => parseBackfillArgs(["--dry-run=yes"]))).toBe("--dry-run does not take a value");
    expect(usage(() => parseBackfillArgs(["--days", "ten"]))).toBe(
      '--days must be a whole number from 1 to 3,660 (got "ten")',
    );
    expect(usage(() => parseBackfillArgs(["--days", "0"]))).toMatch(/^--days must be a whole number/);
    expect(usage(() => parseBackfillArgs(["--days", "3", "--chunk-days", "1.5"]))).toMatch(/^--chunk-days must/);
    expect(usage(() => parseBackfillArgs(["--days", "3", "--user", " "]))).toMatch(/--user needs/);
    expect(usage(() => parseBackfillArgs(["--days", "3", "--org", " "]))).toMatch(/--org needs/);
    expect(usage(() => parseBackfillArgs(["--days", "3", "--org", "A", "--user", "a@b.c"]))).toMatch(/not both/);
  });
});

const TOKEN = `ct_${"a".repeat(43)}`;

describe("parseBackfillArgs: --token and --app-url", () => {
  it("reads them, trimming the URL's trailing slash", () => {
    expect(parseBackfillArgs(["--days", "3", "--token", TOKEN, "--app-url", "http://127.0.0.1:3000/"])).toMatchObject({
      token: TOKEN,
      appUrl: "http://127.0.0.1:3000",
    });
  });

  it("refuses a token that is not one without echoing it, and a URL that is not http(s)", () => {
    const msg = usage(() => parseBackfillArgs(["--days", "3", "--token", "sk-secret-value"]));
    expect(msg).toBe("--token must be an API token starting with ct_ (create one under Settings -> API tokens)");
    expect(msg).not.toContain("sk-secret-value");
    expect(usage(() => parseBackfillArgs(["--days", "3", "--app-url", "localhost:3000"]))).toMatch(
      /^--app-url must be an http:\/\/ or https:\/\/ URL/,
    );
    expect(usage(() => parseBackfillArgs(["--days", "3", "--app-url", "ftp://x"]))).toMatch(/^--app-url must/);
  });

  it("refuses --org, --user and --dry-run next to --token, in plain words", () => {
    expect(usage(() => parseBackfillArgs(["--days", "3", "--token", TOKEN, "--org", "Acme"]))).toMatch(
      /^--org cannot be used with --token: the backfill through the app covers the token's own organization/,
    );
    expect(usage(() => parseBackfillArgs(["--days", "3", "--token", TOKEN, "--user", "a@b.c"]))).toMatch(
      /^--user cannot be used with --token/,
    );
    expect(usage(() => parseBackfillArgs(["--days", "3", "--token", TOKEN, "--dry-run"]))).toMatch(
      /^--dry-run cannot be used with --token: the app's API stores what it fetches/,
    );
    expect(apiPathProblem({ dryRun: false }, "--token")).toBeNull();
  });
});

describe("planForApi", () => {
  it("caps chunks at the API's 92 days and keeps every day once, in order", () => {
    const p = planForApi(plan(["--start", "2026-01-01", "--end", "2026-07-31", "--chunk-days", "366"]));
    expect(p.window.days).toHaveLength(212);
    expect(p.chunkDays).toBe(92);
    expect(p.chunks.map((c) => c.days.length)).toEqual([92, 92, 28]);
    expect(p.chunks.flatMap((c) => c.days)).toEqual(p.window.days);
  });

  it("keeps a smaller --chunk-days as given", () => {
    const p = planForApi(plan(["--start", "2026-10-01", "--end", "2026-10-30"]));
    expect(p.chunkDays).toBe(7);
    expect(p.chunks).toHaveLength(5);
  });
});

describe("planBackfill", () => {
  it("splits the window into chunks of --chunk-days, the last one shorter", () => {
    const p = plan(["--start", "2026-10-01", "--end", "2026-10-30"]);
    expect(p.window.days).toHaveLength(30);
    expect(p.chunks.map((c) => [c.days[0], c.days.at(-1)])).toEqual([
      ["2026-10-01", "2026-10-07"],
      ["2026-10-08", "2026-10-14"],
      ["2026-10-15", "2026-10-21"],
      ["2026-10-22", "2026-10-28"],
      ["2026-10-29", "2026-10-30"],
    ]);
    expect(p.chunks.flatMap((c) => c.days)).toEqual(p.window.days);
    expect(p.chunks[1]!.start.toISOString()).toBe("2026-10-08T00:00:00.000Z");
    expect(p.chunks[1]!.end.toISOString()).toBe("2026-10-15T00:00:00.000Z");
    expect(p.label).toBe("backfill-2026-10-01-2026-10-30");
    expect(p.fileLabel).toBe(p.label);
  });

  it("--days N means the last N days ending at --end, or today", () => {
    expect(plan(["--days", "3", "--end", "2026-06-10"]).window.days).toEqual([
      "2026-06-08",
      "2026-06-09",
      "2026-06-10",
    ]);
    const today = plan(["--days", "30"]);
    expect(today.window.days[0]).toBe("2026-10-23");
    expect(today.window.days.at(-1)).toBe("2026-11-21");
    expect(today.chunks).toHaveLength(5);
  });

  it("stops at today and refuses a start in the future", () => {
    expect(plan(["--start", "2026-11-20", "--end", "2026-12-31"]).window.days).toEqual(["2026-11-20", "2026-11-21"]);
    expect(usage(() => plan(["--start", "2026-12-01"]))).toMatch(/^--start \(2026-12-01\) is in the future/);
  });

  it("keeps the label for the runs and makes a safe file name of it", () => {
    const p = plan(["--days", "2", "--label", "../../etc/passwd Q1 backfill!"]);
    expect(p.label).toBe("../../etc/passwd Q1 backfill!");
    expect(p.fileLabel).toBe("etc-passwd-Q1-backfill");
  });
});

describe("sanitizeLabel", () => {
  it("never yields a path, a hidden file or an empty name", () => {
    expect(sanitizeLabel("a/b\\c")).toBe("a-b-c");
    expect(sanitizeLabel(".hidden")).toBe("hidden");
    expect(sanitizeLabel("///")).toBe("backfill");
    expect(sanitizeLabel("réunion 2026")).toBe("reunion-2026");
    expect(sanitizeLabel("x".repeat(300))).toHaveLength(100);
  });
});
