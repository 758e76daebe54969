/**
 * Local (open the database) or through the running app (POST /api/usage with a token): decided
 * by the shared chooser (../lib/app-api) from the options, the config and who holds the embedded
 * database, plus the backfill's own rule: options the API cannot honour are refused.
 */
import { chooseCliRoute, type CliRoute, type RouteContext } from "../lib/app-api";
import { UsageError } from "../lib/runtime";
import { apiPathProblem, type BackfillArgs } from "./args";

export type { RouteContext } from "../lib/app-api";

export const THROUGH_APP_HINT =
  "npm run usage:backfill -- --token ct_... (an API token with ingest:write from Settings -> API tokens)";

export type BackfillRoute = CliRoute;

export function chooseBackfillRoute(args: BackfillArgs, ctx: RouteContext): BackfillRoute {
  const route = chooseCliRoute(args, ctx, THROUGH_APP_HINT);
  // parseBackfillArgs already refused --org/--user/--dry-run next to --token.
  if (route.kind === "api" && !args.token) {
    const problem = apiPathProblem(args, "COGNITRACK_API_TOKEN while the running app holds the embedded database");
    if (problem) throw new UsageError(problem);
  }
  return route;
}
