/**
 * `npm run usage:admin-sample`: one admin usage request with one credential, to see exactly what
 * the provider answers. Prints the raw response (secrets redacted) and a one-line verdict.
 * The key is never taken on the command line (shell history) and never printed.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import type { Db } from "@/db/types";
import { getConfig, type AppConfig } from "@/lib/env";
import type { LockInfo } from "@/db/pglite-lock";
import { AppError, isAppError } from "@/lib/errors";
import { decryptKey } from "@/lib/ingestion/key-source";
import { credentialIdFor } from "@/lib/providers/key-input";
import { DAY_MS, startOfUtcDay } from "@/lib/ingestion/windows";
import { getOrgKeyRow } from "@/lib/keys/get";
import { redactString } from "@/lib/logger";
import { findOrganization, findPersonalOrganization } from "@/lib/orgs/find";
import {
  buildUrl,
  COMPLETIONS_GROUP_BY,
  completionsPageSchema,
  createOpenAIClient,
  parseOrMalformed,
} from "@/lib/providers/openai";
import { ProviderError } from "@/lib/providers/types";
import { checkText, positiveInt, withArgErrors } from "./backfill/args";
import { routeContextFromConfig, runningAppHolds } from "./lib/app-api";
import { EXIT, loadCliEnv, runCli, UsageError, withDatabase } from "./lib/runtime";
import { providerPolicy } from "@/lib/rate-limit/policies";
import { environmentSnapshot } from "@/lib/env";

export const DEFAULT_KEY_ENV = "OPENAI_ADMIN_KEY";

export const ADMIN_SAMPLE_HELP = `Send one OpenAI admin usage request and show the raw answer.

Usage: npm run usage:admin-sample -- [--api-key-env NAME] [--org ORG] [--project PROJ] [--days N]
       npm run usage:admin-sample -- --key-id KEY_ID --key-org NAME_OR_ID [--days N]

  --api-key-env NAME   read the admin key from environment variable NAME (default ${DEFAULT_KEY_ENV};
                       .env files are read too). The key is never accepted as an argument.
  --key-id KEY_ID      use a stored provider key instead (decrypted locally); needs --key-org or --user.
                       Not beside the running app on the embedded database (stored keys never leave
                       the app): there, use --api-key-env, which needs no database at all
  --key-org NAME_OR_ID the CogniTrack organization that holds --key-id
  --user EMAIL_OR_ID   instead of --key-org: that user's personal organization
  --org ORG            OpenAI-Organization header (default: the stored key's organization)
  --project PROJ       OpenAI-Project header (default: the stored key's project)
  --days N             whole UTC days before today to ask for, 1 to 30, plus today so far
                       (default 1: yesterday and today, so 2 daily buckets)
  -h, --help           show this help

The request is GET <OPENAI_API_BASE_URL>/organization/usage/completions with bucket_width=1d and
every group_by ingestion uses, sent once (no retries). The response body goes to stdout with keys
and bearer tokens masked; the verdict goes to stderr. Exit code 0 when the credentials work, 1 when
the provider refused or answered something unusable, 2 for bad options.

With --api-key-env (the default) the command opens no database, so it runs the same beside the
running app (npm run dev) as without it.

Examples:
  OPENAI_ADMIN_KEY=sk-admin-... npm run usage:admin-sample -- --org org_123 --days 3
  MY_ADMIN_KEY=sk-admin-... npm run usage:admin-sample -- --api-key-env MY_ADMIN_KEY   (app running or not)
  npm run usage:admin-sample -- --key-id 7b1c...e2 --key-org "Acme Inc"
`;

export interface AdminSampleArgs {
  help: boolean;
  keyId?: string;
  /** The CogniTrack organization holding --key-id (not --org, the OpenAI-Organization header). */
  keyOrg?: string;
  user?: string;
  apiKeyEnv: string;
  org?: string;
  project?: string;
  days: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseAdminSampleArgs(argv: string[]): AdminSampleArgs {
  const { values: v } = withArgErrors(() =>
    parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        "key-id": { type: "string" },
        "key-org": { type: "string" },
        user: { type: "string" },
        "api-key-env": { type: "string" },
        org: { type: "string" },
        project: { type: "string" },
        days: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }),
  );
  const args: AdminSampleArgs = {
    help: Boolean(v.help),
    keyId: checkText(v["key-id"], "--key-id") || undefined,
    keyOrg: checkText(v["key-org"], "--key-org") || undefined,
    user: checkText(v.user, "--user") || undefined,
    apiKeyEnv: checkText(v["api-key-env"], "--api-key-env") || DEFAULT_KEY_ENV,
    // Sent as the OpenAI-Organization / OpenAI-Project headers: a line break would split the request.
    org: checkText(v.org, "--org", 200) || undefined,
    project: checkText(v.project, "--project", 200) || undefined,
    days: positiveInt(v.days, "--days", 30) ?? 1,
  };
  if (args.help) return args;
  if (args.keyId && v["api-key-env"]) throw new UsageError("give either --key-id or --api-key-env, not both");
  if (args.keyId && !UUID.test(args.keyId))
    throw new UsageError(`--key-id must be a key id (a UUID), got "${args.keyId}"`);
  if (args.keyId && !args.keyOrg && !args.user) {
    throw new UsageError("--key-id needs --key-org (the organization holding the key) or --user");
  }
  if ((args.keyOrg || args.user) && !args.keyId) throw new UsageError("--key-org and --user only apply with --key-id");
  if (args.keyOrg && args.user) throw new UsageError("give either --key-org or --user, not both");
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(args.apiKeyEnv)) {
    throw new UsageError(`--api-key-env takes the NAME of an environment variable, like ${DEFAULT_KEY_ENV}`);
  }
  return args;
}

/** --key-id needs a stored key's plaintext, which never leaves the running app: beside it, --api-key-env. */
export function storedKeyBesideAppMessage(dataDir: string, app: LockInfo): string {
  return (
    `--key-id reads the stored key from the embedded database in ${dataDir}, which the running app holds ` +
    `(pid ${app.pid}, "${app.command}"); stored keys never leave the app, so it cannot be sampled through the app. ` +
    `Beside the running app, give the admin key from an environment variable instead: ` +
    `export MY_ADMIN_KEY=sk-admin-... then npm run usage:admin-sample -- --api-key-env MY_ADMIN_KEY ` +
    `[--org ORG] [--project PROJ]; or stop the app and run --key-id again.`
  );
}

export interface SampleCredential {
  apiKey: string;
  organizationId?: string;
  projectId?: string;
  /** Where the key came from, for the output ("$OPENAI_ADMIN_KEY", "stored key 'Org admin'"). */
  source: string;
}

export function credentialFromEnv(name: string, env: Record<string, string | undefined>): SampleCredential {
  const apiKey = env[name]?.trim();
  if (!apiKey) {
    throw new UsageError(`${name} is not set; export the admin key as ${name}, or use --key-id with --user`);
  }
  return { apiKey, source: `$${name}` };
}

export async function credentialFromStoredKey(
  db: Db,
  who: { keyOrg?: string; user?: string },
  keyId: string,
): Promise<SampleCredential> {
  const org = who.keyOrg ? await findOrganization(db, who.keyOrg) : await findPersonalOrganization(db, who.user ?? "");
  if (!org) {
    throw new UsageError(
      who.keyOrg
        ? `no organization matches --key-org "${who.keyOrg}" (give an organization's name or id)`
        : `no user matches --user "${who.user}" (give an account email or user id)`,
    );
  }
  const row = await getOrgKeyRow(db, org.id, keyId).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") throw new UsageError(`no key ${keyId} belongs to ${org.name}`);
    throw e;
  });
  if (row.provider !== "openai")
    throw new UsageError(`key ${keyId} is a ${row.provider} key; only OpenAI keys can be sampled`);
  return {
    apiKey: decryptKey(row),
    organizationId: row.organizationId ?? undefined,
    projectId: row.projectId ?? undefined,
    source: `stored key "${row.label}" (${row.maskedKey})`,
  };
}

export interface AdminSampleResult {
  ok: boolean;
  verdict: string;
  code?: string;
  httpStatus?: number;
  /** The request URL (no secrets: the key travels in a header). */
  url: string;
  /** The response body, pretty-printed when it is JSON, with keys and tokens masked; null if none came. */
  body: string | null;
}

/** Masks provider keys, bearer tokens and (whatever it looks like) this exact key. */
export function redactFor(text: string, apiKey: string) {
  const masked = redactString(text);
  return apiKey.length >= 4 ? masked.split(apiKey).join("[redacted-key]") : masked;
}

export async function sampleAdminUsage(
  cred: SampleCredential,
  opts: { config?: AppConfig; days?: number; now?: number; fetch?: typeof fetch } = {},
): Promise<AdminSampleResult> {
  const config = opts.config ?? getConfig();
  const days = opts.days ?? 1;
  const nowMs = opts.now ?? Date.now();
  const query = {
    start_time: Math.floor((startOfUtcDay(nowMs).getTime() - days * DAY_MS) / 1000),
    end_time: Math.floor(nowMs / 1000),
    bucket_width: "1d",
    limit: days + 1,
    group_by: COMPLETIONS_GROUP_BY,
  };
  const usagePath = "/organization/usage/completions";
  let url = `${config.openai.baseUrl}${usagePath}`;
  let captured: { status: number; text: string } | null = null;
  const doFetch = opts.fetch ?? fetch;
  const capturing: typeof fetch = async (input, init) => {
    const res = await doFetch(input, init);
    captured = { status: res.status, text: await res.clone().text() };
    return res;
  };
  const bodyText = () => {
    if (!captured) return null;
    let text = captured.text;
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      /* not JSON: show it as it came */
    }
    return redactFor(text, cred.apiKey);
  };
  try {
    const client = createOpenAIClient({
      apiKey: cred.apiKey,
      baseUrl: config.openai.baseUrl,
      organizationId: cred.organizationId,
      projectId: cred.projectId,
      credentialId: credentialIdFor(cred.apiKey),
      pacing: providerPolicy("openaiAdmin", config.openai.pacing),
      retry: { maxAttempts: 1, timeoutMs: config.provider.timeoutMs },
      fetch: capturing,
    });
    url = buildUrl(client.baseUrl, usagePath, query);
    const page = parseOrMalformed(completionsPageSchema, await client.getJson(usagePath, query), "completions usage");
    const results = page.data.reduce((sum, b) => sum + b.results.length, 0);
    const more = page.has_more ? " (more pages follow)" : "";
    return {
      ok: true,
      verdict: `Credentials OK: ${page.data.length} bucket${page.data.length === 1 ? "" : "s"}, ${results} result${results === 1 ? "" : "s"}${more}.`,
      url,
      body: bodyText(),
    };
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    const status = e.httpStatus ?? (captured as { status: number } | null)?.status;
    return {
      ok: false,
      code: e.code,
      httpStatus: status,
      verdict: `Credentials FAILED (${e.code}${status ? `, HTTP ${status}` : ""}): ${redactFor(e.message, cred.apiKey)}`,
      url,
      body: bodyText(),
    };
  }
}

async function main() {
  const args = parseAdminSampleArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(ADMIN_SAMPLE_HELP);
    return EXIT.ok;
  }
  loadCliEnv();
  if (args.keyId) {
    const ctx = routeContextFromConfig();
    const app = runningAppHolds(ctx);
    if (app) throw new AppError("DATABASE_BUSY", storedKeyBesideAppMessage(ctx.embedded!.dataDir, app));
  }
  const stored = args.keyId
    ? await withDatabase(({ db }) => credentialFromStoredKey(db, args, args.keyId!))
    : // The admin key is CLI input named by the operator, not app configuration.
      credentialFromEnv(args.apiKeyEnv, environmentSnapshot());
  const cred: SampleCredential = {
    ...stored,
    organizationId: args.org ?? stored.organizationId,
    projectId: args.project ?? stored.projectId,
  };
  const headers = [
    cred.organizationId && `OpenAI-Organization: ${cred.organizationId}`,
    cred.projectId && `OpenAI-Project: ${cred.projectId}`,
  ]
    .filter(Boolean)
    .join(", ");
  const result = await sampleAdminUsage(cred, { days: args.days });
  process.stderr.write(`GET ${result.url}\n  key: ${cred.source}${headers ? `; ${headers}` : ""}\n`);
  process.stdout.write((result.body ?? "(no response body)") + "\n");
  process.stderr.write(result.verdict + "\n");
  return result.ok ? EXIT.ok : EXIT.failed;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) runCli(main);
