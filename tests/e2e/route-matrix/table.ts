/**
 * THE route x role x tenant table: one row per route handler export and per server action.
 * tests/unit/route-matrix-coverage.test.ts fails when a `src/app/api/**\/route.ts` export or a
 * "use server" export has no row here, and runner.ts turns every row into its cases:
 *   anonymous -> 401; each role below `access` -> 403 naming the role needed; the owner of another
 *   organization naming A's object (`object`) or A itself (X-CogniTrack-Org) -> 404; the lowest
 *   role `access` allows -> `ok`; an API token on a row without `tokenScope` -> 401 (even with a
 *   valid cookie); with `tokenScope`: wrong scope 403, revoked 401, right scope `ok` (tokens, 9a).
 * Rows describe requests against organization A of a World (world.ts), so the same table runs in
 * local mode and in Clerk mode; `modes` records where Clerk owns the behaviour.
 */
import type { Permission } from "@/lib/orgs/roles";
import type { TokenScope } from "@/lib/orgs/token-actor";
import type { Mode, World } from "./world";

/** Who may call: a permission of src/lib/orgs/roles.ts, any member, anyone, or the cron secret. */
export type Access = Permission | "member" | "public" | "cron";

export interface Target {
  /** Path with query, or for a server action the body's arguments in `args`. */
  path?: string;
  args?: unknown[];
  body?: unknown;
  /** Act in this organization instead of A (the object is an organization of A's owner). */
  orgId?: string;
}

export interface MatrixRow {
  kind: "route" | "action";
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Route: the folder path under src/app (`/api/keys/[id]`). Action: `<file>#<export>`. */
  route: string;
  access: Access;
  /** Routes that take `Authorization: Bearer ct_...` with this scope (GET/POST /api/usage, export). */
  tokenScope?: TokenScope;
  /** The A object the request names (path or body): the tenant case sends it from organization B. */
  object?: "key" | "account" | "member" | "organization";
  /** The request, built fresh for every case (objects are new each time). */
  target: (w: World) => Promise<Target>;
  /** Status of the right-role case. */
  ok: number;
  /** Where a mode answers otherwise, and why. */
  modes?: Partial<Record<Mode, { ok?: number; foreignObject?: number; why: string }>>;
}

const unique = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
const day = (w: World) => `start=${w.usageDay}&end=${w.usageDay}`;
const key = (w: World) => w.fixtures.key();
const CLERK_MEMBERS = "Clerk organizations' members are managed in Clerk (409), after the 404 for non-members";

export const MATRIX: MatrixRow[] = [
  // Public and machine routes
  { kind: "route", method: "GET", route: "/api/health", access: "public", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "POST",
    route: "/api/auth/sign-up",
    access: "public",
    ok: 201,
    target: async () => ({
      body: { email: `${unique("matrix").replace(" ", "-")}@example.com`, password: "correct horse battery" },
    }),
    modes: { clerk: { ok: 404, why: "local accounts are disabled when Clerk signs people in" } },
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/auth/sign-in",
    access: "public",
    ok: 200,
    target: async (w) => ({ body: w.fixtures.signIn() ?? { email: "nobody@example.com", password: "not a password" } }),
    modes: { clerk: { ok: 404, why: "local accounts are disabled when Clerk signs people in" } },
  },
  { kind: "route", method: "POST", route: "/api/auth/sign-out", access: "public", ok: 200, target: async () => ({}) },
  { kind: "route", method: "GET", route: "/api/cron/daily-usage", access: "cron", ok: 200, target: async () => ({}) },

  // Provider keys and accounts
  { kind: "route", method: "GET", route: "/api/keys", access: "keys:read", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "POST",
    route: "/api/keys",
    access: "keys:write",
    ok: 201,
    target: async (w) => ({
      body: { provider: "openai", label: unique("Matrix key"), usageMode: "standard", apiKey: w.standardKey },
    }),
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/keys/[id]",
    access: "keys:read",
    object: "key",
    ok: 200,
    target: async (w) => ({ path: `/api/keys/${(await key(w)).id}` }),
  },
  {
    kind: "route",
    method: "PATCH",
    route: "/api/keys/[id]",
    access: "keys:write",
    object: "key",
    ok: 200,
    target: async (w) => ({ path: `/api/keys/${(await key(w)).id}`, body: { label: unique("Renamed") } }),
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/keys/[id]",
    access: "keys:write",
    object: "key",
    ok: 200,
    target: async (w) => ({ path: `/api/keys/${(await key(w)).id}` }),
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/keys/[id]/test",
    access: "keys:write",
    object: "key",
    ok: 200,
    target: async (w) => ({ path: `/api/keys/${(await key(w)).id}/test` }),
  },
  { kind: "route", method: "GET", route: "/api/accounts", access: "keys:read", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/accounts/[id]",
    access: "accounts:delete",
    object: "account",
    ok: 200,
    target: async (w) => {
      const k = await key(w);
      return { path: `/api/accounts/${k.accountId}`, body: { confirm: k.accountLabel } };
    },
  },

  // Members and organizations
  { kind: "route", method: "GET", route: "/api/members", access: "members:read", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "PATCH",
    route: "/api/members/[userId]",
    access: "members:write",
    object: "member",
    ok: 200,
    target: async (w) => ({ path: `/api/members/${(await w.fixtures.member()).userId}`, body: { role: "admin" } }),
    modes: { clerk: { ok: 409, why: CLERK_MEMBERS } },
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/members/[userId]",
    access: "members:write",
    object: "member",
    ok: 200,
    target: async (w) => ({ path: `/api/members/${(await w.fixtures.member()).userId}` }),
    modes: { clerk: { ok: 409, why: CLERK_MEMBERS } },
  },
  { kind: "route", method: "GET", route: "/api/orgs", access: "member", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "POST",
    route: "/api/orgs",
    access: "member",
    ok: 201,
    target: async () => ({ body: { name: unique("Matrix team") } }),
  },
  {
    kind: "route",
    method: "PUT",
    route: "/api/orgs/current",
    access: "member",
    object: "organization",
    ok: 200,
    target: async (w) => ({ body: { orgId: w.orgA.id } }),
    modes: {
      clerk: {
        ok: 409,
        foreignObject: 409,
        why: "switching is Clerk's (its organization switcher); the header still resolves first, so it stays 404",
      },
    },
  },
  {
    kind: "route",
    method: "PATCH",
    route: "/api/orgs/current",
    access: "org:write",
    ok: 200,
    target: async () => ({ body: { name: unique("Team A") } }),
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/orgs/current",
    access: "org:delete",
    ok: 200,
    // Denied cases aim at A itself; the right-role case deletes a new team organization of A's owner.
    target: async (w) => {
      const org = await w.fixtures.teamOrg();
      return { orgId: org.id, body: { confirm: org.name } };
    },
  },

  // Usage (the only routes API tokens may call)
  {
    kind: "route",
    method: "GET",
    route: "/api/usage",
    access: "usage:read",
    tokenScope: "usage:read",
    ok: 200,
    target: async (w) => ({ path: `/api/usage?${day(w)}` }),
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/usage/export",
    access: "usage:export",
    tokenScope: "usage:read",
    ok: 200,
    target: async (w) => ({ path: `/api/usage/export?${day(w)}` }),
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/usage",
    access: "ingest:write",
    tokenScope: "ingest:write",
    ok: 200,
    target: async (w) => ({ body: { start: w.usageDay, end: w.usageDay } }),
  },

  // Audit log
  { kind: "route", method: "GET", route: "/api/audit", access: "audit:read", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "GET",
    route: "/api/audit/export",
    access: "audit:read",
    ok: 200,
    target: async () => ({ path: "/api/audit/export?action=key.create" }),
  },

  // Server actions
  {
    kind: "action",
    method: "POST",
    route: "src/app/actions/refresh.ts#refreshUsageAction",
    access: "ingest:write",
    ok: 200,
    target: async (w) => ({ args: [{ start: w.usageDay, end: w.usageDay }] }),
  },
];

/**
 * Server actions the build contains that are not ours: @clerk/nextjs registers these in every
 * page. They take no organization data (cache invalidation; keyless setup only runs in
 * development without keys), so they have no row.
 */
export const FRAMEWORK_ACTIONS: Record<string, string> = {
  "node_modules/@clerk/nextjs/dist/esm/app-router/server-actions.js#invalidateCacheAction": "Clerk: cache cookie",
  "node_modules/@clerk/nextjs/dist/esm/app-router/keyless-actions.js#deleteKeylessAction": "Clerk: keyless dev only",
};
