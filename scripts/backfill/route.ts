/**
 * Local (open the database) or through the running app (POST /api/usage with a token): decided
 * here from the options, the config and who holds the embedded database, with no I/O of its own.
 */
import type { LockInfo } from "@/db/pglite-lock";
import { busyMessage, isRunningApp } from "@/db/pglite-lock";
import { AppError } from "@/lib/errors";
import { UsageError } from "../lib/runtime";
import { apiPathProblem, type BackfillArgs } from "./args";
import type { ApiTarget } from "./api";

export const THROUGH_APP_HINT =
  "npm run usage:backfill -- --token ct_... (an API token with ingest:write from Settings -> API tokens)";

export type BackfillRoute = { kind: "local" } | { kind: "api"; target: ApiTarget };

export interface RouteContext {
  /** APP_URL (or its default). */
  appUrl: string;
  /** COGNITRACK_API_TOKEN, or null. */
  apiToken: string | null;
  /** The embedded database's folder and its live holder; null on PostgreSQL. */
  embedded: { dataDir: string; holder: LockInfo | null } | null;
}

export function chooseBackfillRoute(args: BackfillArgs, ctx: RouteContext): BackfillRoute {
  const appUrl = (args.appUrl ?? ctx.appUrl).replace(/\/+$/, "");
  // parseBackfillArgs already refused --org/--user/--dry-run next to --token.
  if (args.token) return { kind: "api", target: { appUrl, token: args.token } };
  const holder = ctx.embedded?.holder;
  if (!ctx.embedded || !holder || !isRunningApp(holder)) return { kind: "local" };
  if (!ctx.apiToken) throw new AppError("DATABASE_BUSY", busyMessage(ctx.embedded.dataDir, holder, THROUGH_APP_HINT));
  const problem = apiPathProblem(args, "COGNITRACK_API_TOKEN while the running app holds the embedded database");
  if (problem) throw new UsageError(problem);
  return { kind: "api", target: { appUrl, token: ctx.apiToken } };
}
