/**
 * Where the running app is and which token to call it with, for every CLI that can work through
 * the app's API while the app holds the embedded database (a second process must never open that
 * data folder). The choice, the token and URL options, and refusals in plain words live here once.
 */
import { busyMessage, isRunningApp, pgliteHolder, type LockInfo } from "@/db/pglite-lock";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { safeErrorMessage } from "@/lib/logger";
import { UsageError } from "./runtime";

export interface ApiTarget {
  /** Origin (and optional base path) of the running app, without a trailing slash. */
  appUrl: string;
  token: string;
}

export type CliRoute = { kind: "local" } | { kind: "api"; target: ApiTarget };

export interface RouteContext {
  /** APP_URL (or its default). */
  appUrl: string;
  /** COGNITRACK_API_TOKEN, or null. */
  apiToken: string | null;
  /** The embedded database's folder and its live holder; null on PostgreSQL. */
  embedded: { dataDir: string; holder: LockInfo | null } | null;
}

/** The context from the loaded config (call loadCliEnv first) and the embedded database's lock file. */
export function routeContextFromConfig(): RouteContext {
  const config = getConfig();
  return {
    appUrl: config.appUrl,
    apiToken: config.cli.apiToken,
    embedded:
      config.database.kind === "pglite"
        ? { dataDir: config.database.dataDir, holder: pgliteHolder(config.database.dataDir) }
        : null,
  };
}

/**
 * --token always goes through the app; otherwise the database is opened, unless the running app
 * holds the embedded one: then COGNITRACK_API_TOKEN goes through the app, and without it the
 * busy message names `throughAppHint` (how to run this CLI through the app) first.
 */
export function chooseCliRoute(
  options: { token?: string; appUrl?: string },
  ctx: RouteContext,
  throughAppHint: string,
): CliRoute {
  const appUrl = (options.appUrl ?? ctx.appUrl).replace(/\/+$/, "");
  if (options.token) return { kind: "api", target: { appUrl, token: options.token } };
  const holder = ctx.embedded?.holder;
  if (!ctx.embedded || !holder || !isRunningApp(holder)) return { kind: "local" };
  if (!ctx.apiToken) throw new AppError("DATABASE_BUSY", busyMessage(ctx.embedded.dataDir, holder, throughAppHint));
  return { kind: "api", target: { appUrl, token: ctx.apiToken } };
}

/** The running app holds the embedded database (what a CLI that cannot go through the app must refuse on). */
export function runningAppHolds(ctx: RouteContext): LockInfo | null {
  const holder = ctx.embedded?.holder;
  return holder && isRunningApp(holder) ? holder : null;
}

/** --token: never echoed, it is a secret. */
export function checkToken(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^ct_[A-Za-z0-9_-]{8,200}$/.test(value.trim())) {
    throw new UsageError("--token must be an API token starting with ct_ (create one under Settings -> API tokens)");
  }
  return value.trim();
}

export function checkAppUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  let ok = /^https?:\/\/[^/]/i.test(v);
  try {
    new URL(v);
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(`--app-url must be an http:// or https:// URL, got ${JSON.stringify(v.slice(0, 60))}`);
  return v.replace(/\/+$/, "");
}

/** What the request needs: the token scope to name in a 401/403, and the path to name in a 404. */
export interface ApiNeed {
  scope: string;
  path: string;
  /** What the 403 says the token may not do ("load usage", "read usage"). */
  action: string;
}

/** A refused answer in plain words; `fatal`: no later request can do better. */
export function describeRefusal(
  status: number,
  body: unknown,
  appUrl: string,
  need: ApiNeed,
): { error: string; fatal: boolean } {
  const said = (body as { error?: { message?: unknown } } | null)?.error?.message;
  const theAppSaid = typeof said === "string" && said ? ` (the app said: ${said.slice(0, 300)})` : "";
  if (status === 401) {
    return {
      error: `the app at ${appUrl} refused the API token (401: unknown, revoked or expired); create one with the ${need.scope} scope under Settings -> API tokens`,
      fatal: true,
    };
  }
  if (status === 403) {
    return {
      error: `the API token may not ${need.action} (403): it needs the ${need.scope} scope; create one with ${need.scope} under Settings -> API tokens${theAppSaid}`,
      fatal: true,
    };
  }
  if (status === 404) {
    return { error: `${appUrl}${need.path} was not found (404): is CogniTrack running at ${appUrl}?`, fatal: true };
  }
  return { error: `the app answered ${status}${theAppSaid || " without a usable body"}`, fatal: false };
}

export function unreachable(e: unknown, appUrl: string): string {
  const cause = (e as { cause?: { code?: string } })?.cause?.code;
  const why = cause === "ECONNREFUSED" ? "connection refused" : (cause ?? safeErrorMessage(e));
  return `could not reach the app at ${appUrl} (${why}): is the app running at ${appUrl}? Start it (npm run dev) or pass --app-url`;
}

export type ApiAnswer = { ok: true; body: unknown } | { ok: false; error: string; fatal: boolean };

/**
 * One request to the app with the token; a 200's JSON body, or the refusal in plain words. Only an
 * abort (signal) throws.
 */
export async function callApp(
  target: ApiTarget,
  request: { method: "GET" | "POST"; pathAndQuery: string; body?: unknown },
  need: ApiNeed,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<ApiAnswer> {
  const fetchFn = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await fetchFn(`${target.appUrl}${request.pathAndQuery}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      redirect: "manual",
      signal: options.signal,
    });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    return { ok: false, error: unreachable(e, target.appUrl), fatal: true };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (res.status !== 200) return { ok: false, ...describeRefusal(res.status, body, target.appUrl, need) };
  return { ok: true, body };
}
