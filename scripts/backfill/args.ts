/**
 * `npm run usage:backfill` options: parsed and planned here, with no I/O, so every rule is
 * unit-testable. Errors are UsageErrors (exit 2) written as one sentence each.
 */
import { parseArgs } from "node:util";
import {
  epochDay,
  FIRST_PRODUCT_DATE,
  formatEpochDay,
  parseEpochDay,
  productDateProblem,
  todayEpochDay,
} from "@/lib/dates";
import { isAppError } from "@/lib/errors";
import { chunkWindow, planUsageWindows, type UsageWindow } from "@/lib/ingestion/windows";
import { textProblem } from "@/lib/text/safe-text";
import { API_MAX_DAYS } from "@/lib/usage/schemas";
import { checkAppUrl, checkToken } from "../lib/app-api";
import { UsageError } from "../lib/runtime";

export const DEFAULT_CHUNK_DAYS = 7;

export const BACKFILL_HELP = `Backfill usage history from the providers, a few days at a time.

Usage: npm run usage:backfill -- --start YYYY-MM-DD [--end YYYY-MM-DD] [options]
       npm run usage:backfill -- --days N [--end YYYY-MM-DD] [options]

  --start YYYY-MM-DD   first UTC day to fetch (inclusive)
  --end YYYY-MM-DD     last UTC day to fetch (inclusive; default today, UTC; days after today are skipped)
  --days N             the last N days ending at --end (or today); instead of --start
  --chunk-days N       days per ingestion run (default ${DEFAULT_CHUNK_DAYS}); each chunk is one run per organization
  --org NAME_OR_ID     only this organization (default: every organization with provider keys)
  --user EMAIL_OR_ID   only this user's personal organization
  --label NAME         name for the runs and the audit file (default backfill-<start>-<end>)
  --dry-run            fetch and count, store nothing
  --token ct_...       run through the running app's API (POST /api/usage) with this API token (ingest:write
                       scope, from Settings -> API tokens); default: COGNITRACK_API_TOKEN, used only when the
                       running app holds the embedded database. The token's organization is the one backfilled,
                       so --org, --user and --dry-run do not apply; chunks are at most ${API_MAX_DAYS} days
  --app-url URL        where the app runs, for --token (default: APP_URL, else http://localhost:3000)
  -h, --help           show this help

Every chunk goes through the same ingestion entry point as the daily cron, which upserts, so a
chunk (or the whole backfill) can be re-run safely: after a crash or Ctrl-C, run the same command.
Progress lines go to stderr; the JSON summary goes to stdout and, with every chunk's result, to
audit/backfill/<label>.json. Exit code: 0 all chunks ok, 1 some chunk failed, 2 bad options,
130 interrupted. Through the app (--token) the lines, summary and audit file are the same, with
the app's run ids; a refused token (401), a token without ingest:write (403) or an app that does
not answer fails the remaining chunks without sending them.

Examples:
  npm run usage:backfill -- --start 2026-01-01 --end 2026-03-31
  npm run usage:backfill -- --days 90 --org "Acme Inc" --chunk-days 14
  npm run usage:backfill -- --days 90 --user ana@example.com
  npm run usage:backfill -- --days 30 --dry-run --label january-check
  npm run usage:backfill -- --days 90 --token ct_...   (beside npm run dev on the embedded database)
`;

export interface BackfillArgs {
  help: boolean;
  start?: string;
  end?: string;
  days?: number;
  chunkDays: number;
  org?: string;
  user?: string;
  label?: string;
  dryRun: boolean;
  /** The running app's API instead of the database (see apiPathProblem). */
  token?: string;
  appUrl?: string;
}

export interface BackfillPlan {
  window: UsageWindow;
  chunks: UsageWindow[];
  chunkDays: number;
  /** Raw label (stored on the runs) and its file-safe form (the audit file name). */
  label: string;
  fileLabel: string;
  org?: string;
  user?: string;
  dryRun: boolean;
}

const OPTIONS = {
  start: { type: "string" },
  end: { type: "string" },
  days: { type: "string" },
  "chunk-days": { type: "string" },
  org: { type: "string" },
  user: { type: "string" },
  label: { type: "string" },
  "dry-run": { type: "boolean" },
  token: { type: "string" },
  "app-url": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs node:util parseArgs, rewording its errors to one short sentence each. */
export function withArgErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    const err = e as Error & { code?: string };
    const opt = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1];
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option ${opt ?? err.message}`);
    if (err.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      const arg = /'([^']*)'/.exec(err.message)?.[1];
      throw new UsageError(`unexpected argument "${arg ?? "?"}" (options start with --)`);
    }
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && opt) {
      if (/does not take an argument/.test(err.message)) throw new UsageError(`${opt} does not take a value`);
      throw new UsageError(`${opt} needs a value`);
    }
    throw new UsageError(err.message);
  }
}

export function positiveInt(value: string | undefined, name: string, max = 100_000): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`${name} must be a whole number from 1 to ${max.toLocaleString("en-US")} (got "${value}")`);
  }
  return Number(value);
}

/** A date option under the product date rule (src/lib/dates), the same one every route uses. */
export function checkDate(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const problem = productDateProblem(value, name);
  // JSON.stringify shows control characters as escapes instead of printing them.
  if (problem) throw new UsageError(`${problem}, got ${JSON.stringify(value.slice(0, 30))}`);
  return value;
}

/** A text option under the shared string rule: no control characters, no broken Unicode, trimmed. */
export function checkText(value: string | undefined, name: string, max = 320): string | undefined {
  if (value === undefined) return undefined;
  const problem = textProblem(value, { field: name });
  if (problem) throw new UsageError(problem);
  const trimmed = value.trim();
  if (trimmed.length > max) throw new UsageError(`${name} must be at most ${max} characters`);
  return trimmed;
}

export function parseBackfillArgs(argv: string[]): BackfillArgs {
  const { values: v } = withArgErrors(() =>
    parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }),
  );
  if (v.help) return { help: true, chunkDays: DEFAULT_CHUNK_DAYS, dryRun: false };
  const args: BackfillArgs = {
    help: false,
    start: checkDate(v.start, "--start"),
    end: checkDate(v.end, "--end"),
    days: positiveInt(v.days, "--days", 3660),
    chunkDays: positiveInt(v["chunk-days"], "--chunk-days", 366) ?? DEFAULT_CHUNK_DAYS,
    org: checkText(v.org, "--org") || undefined,
    user: checkText(v.user, "--user") || undefined,
    label: checkText(v.label, "--label", 200) || undefined,
    dryRun: Boolean(v["dry-run"]),
    token: checkToken(v.token),
    appUrl: checkAppUrl(v["app-url"]),
  };
  if (v.org !== undefined && !args.org) throw new UsageError("--org needs an organization name or id");
  if (v.user !== undefined && !args.user) throw new UsageError("--user needs an email or a user id");
  if (args.org && args.user) throw new UsageError("give either --org or --user, not both");
  if (args.start && args.days) throw new UsageError("give either --start or --days, not both");
  if (!args.start && !args.days) throw new UsageError("say which days to fetch: --start YYYY-MM-DD or --days N");
  if (args.start && args.end && epochDay(args.start) > epochDay(args.end)) {
    throw new UsageError(`--start (${args.start}) is after --end (${args.end})`);
  }
  if (args.token) {
    const problem = apiPathProblem(args, "--token");
    if (problem) throw new UsageError(problem);
  }
  return args;
}

/** Why these options cannot go through the app's API (`via` names what chose it), or null. */
export function apiPathProblem(args: Pick<BackfillArgs, "org" | "user" | "dryRun">, via: string): string | null {
  if (args.org || args.user) {
    return `${args.org ? "--org" : "--user"} cannot be used with ${via}: the backfill through the app covers the token's own organization (leave ${args.org ? "--org" : "--user"} out, or stop the app and run without a token)`;
  }
  if (args.dryRun) {
    return `--dry-run cannot be used with ${via}: the app's API stores what it fetches (stop the app and run the dry run without a token)`;
  }
  return null;
}

/** The same window in chunks the API accepts: at most API_MAX_DAYS days each. */
export function planForApi(plan: BackfillPlan): BackfillPlan {
  const chunkDays = Math.min(plan.chunkDays, API_MAX_DAYS);
  return { ...plan, chunkDays, chunks: chunkWindow(plan.window, chunkDays) };
}

/** Letters, digits, dot, dash and underscore; anything else becomes "-". Never empty, never hidden. */
export function sanitizeLabel(label: string): string {
  const safe = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 100);
  return safe || "backfill";
}

/** The days and chunks a backfill covers; `now` decides "today" (UTC). */
export function planBackfill(args: BackfillArgs, now: number): BackfillPlan {
  const today = formatEpochDay(todayEpochDay(now));
  const end = args.end ?? today;
  const firstDay = args.start ? epochDay(args.start) : epochDay(end) - (args.days! - 1);
  if (firstDay < parseEpochDay(FIRST_PRODUCT_DATE)!) {
    throw new UsageError(
      `--days ${args.days} before ${end} reaches back past ${FIRST_PRODUCT_DATE}, the earliest date CogniTrack accepts`,
    );
  }
  const start = formatEpochDay(firstDay);
  if (firstDay > epochDay(today)) {
    throw new UsageError(`--start (${start}) is in the future; usage exists only up to today (${today}, UTC)`);
  }
  let window: UsageWindow;
  try {
    window = planUsageWindows({ start, end, defaultDays: 1, now });
  } catch (e) {
    if (isAppError(e)) throw new UsageError(e.message.replace(/\b(start|end) \(/g, "--$1 (").replace(/\.$/, ""));
    throw e;
  }
  const label = args.label ?? `backfill-${window.days[0]}-${window.days.at(-1)}`;
  return {
    window,
    chunks: chunkWindow(window, args.chunkDays),
    chunkDays: args.chunkDays,
    label,
    fileLabel: sanitizeLabel(label),
    org: args.org,
    user: args.user,
    dryRun: args.dryRun,
  };
}
