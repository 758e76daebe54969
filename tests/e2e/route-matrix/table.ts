/**
 * THE route table: one row per route handler export and per server action (row shape: types.ts).
 * tests/unit/route-matrix-coverage.test.ts fails when a `src/app/api/**\/route.ts` export or a
 * "use server" export has no row here (or a row names nothing), and runner.ts turns every row into
 * its cases, in local mode and in Clerk mode:
 *   anonymous -> 401; forged credentials -> 401; each role below `access` -> 403 naming the role
 *   needed; the owner of another organization naming A's object (`object`) or A itself
 *   (X-CogniTrack-Org) -> 404; the lowest role `access` allows -> `ok`; each `badInput` -> its 4xx;
 *   writes from a foreign origin -> 403; a JSON body sent as text/plain -> 415; an API token on a
 *   row without `tokenScope` -> 401 (even with a valid cookie); with `tokenScope`: wrong scope 403,
 *   revoked 401, expired 401, right scope `ok`.
 * tests/e2e/fuzz.test.ts fuzzes every row from its `input` schemas.
 */
import { CHANNEL_ROWS } from "./rows/channels";
import { BUDGET_ROWS } from "./rows/budgets";
import { KEY_ROWS } from "./rows/keys";
import { OPS_ROWS } from "./rows/ops";
import { ORG_ROWS } from "./rows/orgs";
import { PRICE_ROWS } from "./rows/prices";
import { PUBLIC_ROWS } from "./rows/public";
import { RECONCILIATION_ROWS } from "./rows/reconciliation";
import { USAGE_ROWS } from "./rows/usage";
import type { MatrixRow } from "./types";

export type { Access, BadInput, MatrixRow, RowInput, Target } from "./types";

export const MATRIX: MatrixRow[] = [
  ...PUBLIC_ROWS,
  ...KEY_ROWS,
  ...ORG_ROWS,
  ...USAGE_ROWS,
  ...RECONCILIATION_ROWS,
  ...CHANNEL_ROWS,
  ...BUDGET_ROWS,
  ...PRICE_ROWS,
  ...OPS_ROWS,
];

/**
 * Server actions the build contains that are not ours: @clerk/nextjs registers these in every
 * page. They take no organization data (cache invalidation; keyless setup only runs in
 * development without keys), so they have no row; the fuzzer still calls them.
 */
export const FRAMEWORK_ACTIONS: Record<string, string> = {
  "node_modules/@clerk/nextjs/dist/esm/app-router/server-actions.js#invalidateCacheAction": "Clerk: cache cookie",
  "node_modules/@clerk/nextjs/dist/esm/app-router/keyless-actions.js#deleteKeylessAction": "Clerk: keyless dev only",
};

export const rowName = (row: MatrixRow) => `${row.method} ${row.route}`;
/** The server action a row names: `src/app/actions/refresh.ts#refreshUsageAction`. */
export const actionRef = (row: MatrixRow) => {
  const [file, exportedName] = row.route.split("#") as [string, string];
  return { file, exportedName };
};
