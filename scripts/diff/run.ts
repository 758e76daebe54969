/**
 * `npm run usage:diff`: options, and the two things it does (compare a CSV export with stored
 * usage; write stored usage as such a CSV), as functions the CLI and the tests share.
 */
import { parseArgs } from "node:util";
import type { Db } from "@/db/types";
import { epochDay } from "@/lib/dates";
import { checkDate, checkText, withArgErrors } from "../backfill/args";
import { checkAppUrl, checkToken } from "../lib/app-api";
import { UsageError } from "../lib/runtime";
import { csvDays, diffAnthropicUsage, type AnthropicDiffReport } from "./anthropic-diff";
import { diffUsage, type DiffReport } from "./compare";
import { parseUsageCsv, toUsageCsv } from "./csv";
import type { StoredSource } from "./source";
import { groupsAsUsageRows, loadStoredUsage, resolveDiffOrg, type DayRange, type DiffOrg } from "./stored";

export const DIFF_HELP = `Compare a provider's usage CSV export with the usage CogniTrack stored.

Usage: npm run usage:diff -- --csv FILE [--provider openai|anthropic] [--org NAME_OR_ID] [--output FILE] [--strict]
       npm run usage:diff -- --costs --csv FILE [--org NAME_OR_ID] [--output FILE] [--strict]
       npm run usage:diff -- --write-csv FILE [--org NAME_OR_ID] [--start YYYY-MM-DD] [--end YYYY-MM-DD]
       npm run usage:diff -- --token ct_... --csv FILE [...]   (beside the running app on the embedded database)

  --provider NAME      whose export the CSV is: openai (default) or anthropic (the Console's usage
                       export: usage_date_utc, model_version, api_key, workspace, usage_type,
                       context_window, usage_input_tokens_no_cache, ..._cache_write_5m, ..._cache_write_1h,
                       ..._cache_read, usage_output_tokens, web_search_count; or the Admin API's names)

  --csv FILE           the export to check (columns as OpenAI's usage export: start_time (unix or
                       ISO; start_time_iso or date also work), project_id, api_key_id, user_id, model,
                       batch, service_tier, input_tokens, output_tokens, input_cached_tokens,
                       num_model_requests; header names in any case, empty cells = none)
  --org NAME_OR_ID     whose stored usage: an organization (default: the only one with stored usage)
  --user EMAIL_OR_ID   instead of --org: that user's personal organization
  --start, --end       limit to these UTC days (default: the days the CSV covers; with --write-csv, all)
  --output FILE        write the JSON report there instead of stdout
  --strict             exit 1 when anything differs
  --costs              the CSV is an OpenAI COST export (columns: day, project (id), line item, amount;
                       also date/start_time, project_id, line_item, amount_value/cost, currency):
                       compared with the stored billed cost per (UTC day, project, line item),
                       in exact decimals; amounts within $0.000001 (float noise) count as equal
  --write-csv FILE     instead of comparing, write the stored usage as such a CSV ("-" = stdout)
  --token ct_...       read the stored figures through the running app's API (GET /api/usage/parity)
                       with this API token (usage:read scope, and costs:read with --costs; from
                       Settings -> API tokens); default:
                       COGNITRACK_API_TOKEN, used only when the running app holds the embedded
                       database. The token's organization is compared (--org may name it; --user and
                       --write-csv do not apply). The report is the same either way.
  --app-url URL        where the app runs, for --token (default: APP_URL, else http://localhost:3000)
  -h, --help           show this help

OpenAI rows are compared per (UTC day, project_id, api_key_id, user_id, model, batch), summed over
service tiers. Anthropic rows are compared per (UTC day, model, workspace), summed over API keys,
tiers, context windows and regions; workspace names are matched to ids through the synced names. Rows without a project, API key or user id cannot be matched and are skipped; the
report counts them. The report lists groups missing in the database, groups only in the database,
and every differing field (diff = database - CSV).

Examples:
  npm run usage:diff -- --csv ~/Downloads/completions_usage_2026-10.csv --org "Acme Inc"
  npm run usage:diff -- --csv export.csv --output audit/parity/2026-10.json --strict
  npm run usage:diff -- --provider anthropic --csv ~/Downloads/claude_api_usage_2026_10.csv --org "Acme Inc"
  npm run usage:diff -- --write-csv stored.csv --user ana@example.com --start 2026-10-01 --end 2026-10-31
  npm run usage:diff -- --csv export.csv --strict --token ct_...   (beside npm run dev on the embedded database)

Exit code: 0 compared (with --strict: and nothing differs), 1 differences under --strict or the
database/app failed, 2 bad options or input.
`;

export const DIFF_THROUGH_APP_HINT =
  "npm run usage:diff -- --token ct_... --csv FILE (an API token with usage:read from Settings -> API tokens)";

/** Why these options cannot go through the app's API (`via` names what chose it), or null. */
export function apiPathProblem(args: Pick<DiffArgs, "user" | "writeCsv">, via: string): string | null {
  if (args.user) {
    return `--user cannot be used with ${via}: through the app the API token's own organization is compared (leave --user out; --org may name the token's organization)`;
  }
  if (args.writeCsv) {
    return `--write-csv cannot be used with ${via}: it lists stored rows one by one, which only the database has; download the usage CSV from the running app instead (GET /api/usage/export with the token, or the dashboard's Export button), or stop the app and run --write-csv without a token`;
  }
  return null;
}

export const DIFF_PROVIDERS = ["openai", "anthropic"] as const;
export type DiffProvider = (typeof DIFF_PROVIDERS)[number];

export interface DiffArgs {
  help: boolean;
  provider: DiffProvider;
  csv?: string;
  writeCsv?: string;
  org?: string;
  user?: string;
  output?: string;
  strict: boolean;
  start?: string;
  end?: string;
  /** Compare an OpenAI cost export with stored billed cost instead of usage. */
  costs: boolean;
  /** Read through the running app's API (GET /api/usage/parity) instead of the database. */
  token?: string;
  appUrl?: string;
}

export function parseDiffArgs(argv: string[]): DiffArgs {
  const { values: v } = withArgErrors(() =>
    parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        csv: { type: "string" },
        provider: { type: "string" },
        "write-csv": { type: "string" },
        org: { type: "string" },
        user: { type: "string" },
        output: { type: "string" },
        strict: { type: "boolean" },
        costs: { type: "boolean" },
        start: { type: "string" },
        end: { type: "string" },
        token: { type: "string" },
        "app-url": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }),
  );
  if (v.help) return { help: true, provider: "openai", strict: false, costs: false };
  const provider = checkText(v.provider, "--provider") ?? "openai";
  if (!(DIFF_PROVIDERS as readonly string[]).includes(provider)) {
    throw new UsageError(`--provider must be one of: ${DIFF_PROVIDERS.join(", ")} (got "${provider}")`);
  }
  const args: DiffArgs = {
    help: false,
    provider: provider as DiffProvider,
    csv: checkText(v.csv, "--csv", 4096),
    writeCsv: checkText(v["write-csv"], "--write-csv", 4096),
    org: checkText(v.org, "--org") || undefined,
    user: checkText(v.user, "--user") || undefined,
    output: checkText(v.output, "--output", 4096),
    strict: Boolean(v.strict),
    costs: Boolean(v.costs),
    start: checkDate(v.start, "--start"),
    end: checkDate(v.end, "--end"),
    token: checkToken(v.token),
    appUrl: checkAppUrl(v["app-url"]),
  };
  for (const [name, value] of [
    ["--csv", args.csv],
    ["--write-csv", args.writeCsv],
    ["--output", args.output],
  ] as const) {
    if (value !== undefined && !value.trim()) throw new UsageError(`${name} needs a file name`);
  }
  if (args.org && args.user) throw new UsageError("give either --org or --user, not both");
  if (args.csv && args.writeCsv) throw new UsageError("give either --csv (compare) or --write-csv (export), not both");
  if (!args.csv && !args.writeCsv) throw new UsageError("say what to do: --csv FILE to compare, or --write-csv FILE");
  if (args.costs && args.writeCsv)
    throw new UsageError("--costs compares a cost export (--csv); it cannot --write-csv");
  if (args.writeCsv && args.provider !== "openai") {
    throw new UsageError("--write-csv writes OpenAI's export format only; drop --provider");
  }
  if (args.writeCsv && (args.output || args.strict)) {
    throw new UsageError("--output and --strict only apply to a comparison (--csv)");
  }
  if (args.token) {
    const problem = apiPathProblem(args, "--token");
    if (problem) throw new UsageError(problem);
  }
  if (args.start && args.end && epochDay(args.start) > epochDay(args.end)) {
    throw new UsageError(`--start (${args.start}) is after --end (${args.end})`);
  }
  return args;
}

export interface UsageDiffResult extends DiffReport {
  org: DiffOrg;
  window: DayRange;
  /** CSV rows outside an explicit --start/--end, left out of everything else. */
  csvRowsOutsideWindow: number;
}

export interface AnthropicUsageDiffResult extends AnthropicDiffReport {
  org: DiffOrg;
  window: DayRange;
  csvRowsOutsideWindow: number;
}

function csvWindow(days: string[], start?: string, end?: string): DayRange {
  days = [...days].sort();
  const first = start ?? days[0];
  const last = end ?? days.at(-1);
  if (!first || !last) throw new UsageError("the CSV has no data rows; give --start and --end to compare anyway");
  if (first > last) throw new UsageError(`the window ${first}..${last} is empty`);
  return { start: first, end: last };
}

interface DiffInput {
  csvText: string | Buffer;
  org?: string;
  user?: string;
  start?: string;
  end?: string;
}

export async function runUsageDiff(
  source: StoredSource,
  input: DiffInput & { provider?: "openai" },
): Promise<UsageDiffResult>;
export async function runUsageDiff(
  source: StoredSource,
  input: DiffInput & { provider: "anthropic" },
): Promise<AnthropicUsageDiffResult>;
export async function runUsageDiff(
  source: StoredSource,
  input: DiffInput & { provider?: DiffProvider },
): Promise<UsageDiffResult | AnthropicUsageDiffResult>;
export async function runUsageDiff(
  source: StoredSource,
  input: DiffInput & { provider?: DiffProvider },
): Promise<UsageDiffResult | AnthropicUsageDiffResult> {
  if (input.provider === "anthropic") {
    const window = csvWindow(csvDays(input.csvText), input.start, input.end);
    const stored = await source.read(input, { ...window, provider: "anthropic", grain: "usage" });
    const { csvRowsOutsideWindow, ...report } = diffAnthropicUsage(stored, input.csvText, window);
    return { org: stored.org, window, csvRowsOutsideWindow, ...report };
  }
  const { rows } = parseUsageCsv(input.csvText);
  const window = csvWindow(
    rows.map((r) => r.day),
    input.start,
    input.end,
  );
  const inWindow = rows.filter((r) => r.day >= window.start && r.day <= window.end);
  const stored = await source.read(input, { ...window, provider: "openai", grain: "usage" });
  const report = diffUsage(inWindow, groupsAsUsageRows(stored.usage ?? []));
  return { org: stored.org, window, csvRowsOutsideWindow: rows.length - inWindow.length, ...report };
}

export async function writeStoredCsv(
  db: Db,
  input: { org?: string; user?: string; start?: string; end?: string },
): Promise<{ csv: string; rows: number; org: DiffOrg; window: DayRange | null }> {
  const org = await resolveDiffOrg(db, input);
  const range =
    input.start || input.end ? { start: input.start ?? "1970-01-01", end: input.end ?? "9999-12-31" } : undefined;
  const rows = (await loadStoredUsage(db, org.id, range)).filter((r) => !r.simulated);
  const days = rows.map((r) => r.day);
  return {
    csv: toUsageCsv(rows),
    rows: rows.length,
    org,
    window: days.length ? { start: days[0]!, end: days.at(-1)! } : null,
  };
}
