/**
 * The shape of a route-matrix row (table.ts): who may call a route handler export or a server
 * action, what it names, what it answers, and what it takes (the zod schemas the fuzzer draws
 * from, and the bad inputs that must be a plain 4xx).
 */
import type { z } from "zod";
import type { Permission } from "@/lib/orgs/roles";
import type { TokenScope } from "@/lib/orgs/token-actor";
import type { Caller } from "./http";
import type { Mode, World } from "./world";

/**
 * Who may call: a permission of src/lib/orgs/roles.ts, any member, anyone, the cron secret, or
 * the metrics token (Prometheus).
 */
export type Access = Permission | "member" | "public" | "cron" | "metrics";

export interface Target {
  /** Path with query; for a server action the arguments go in `args` (or `form`). */
  path?: string;
  args?: unknown[];
  /** A server action called like a form: `(previousState, FormData)` with these fields. */
  form?: Record<string, string>;
  body?: unknown;
  /** A body sent as is (broken JSON and the like), with `content-type: application/json`. */
  raw?: string;
  /** Act in this organization instead of A (the object is an organization of A's owner). */
  orgId?: string;
  /** Who makes the allowed-role, bad-input and cross-site cases (default: the lowest allowed role). */
  caller?: Caller;
}

/** What a row takes, as the handler parses it: the fuzzer draws its cases from these. */
export interface RowInput {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A server action's first argument. */
  args?: z.ZodType;
  /** A form action's fields. */
  form?: z.ZodType;
}

export interface BadInput {
  why: string;
  /** A 4xx: the status the handler must answer. */
  status: number;
  target: (w: World) => Promise<Target>;
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
  object?: "key" | "account" | "member" | "organization" | "invitation" | "token" | "channel" | "budget" | "price";
  /** The request, built fresh for every case (objects are new each time). */
  target: (w: World) => Promise<Target>;
  /** Status of the right-role case. */
  ok: number;
  input?: RowInput;
  /** Required (non-empty) when `input` is set: each must be refused with its 4xx. */
  badInput?: BadInput[];
  /** Slow on purpose (talks to the provider, hashes a password): the fuzzer runs fewer cases. */
  slow?: boolean;
  /** Where a mode answers otherwise, and why. */
  modes?: Partial<Record<Mode, { ok?: number; foreignObject?: number; skipBadInput?: boolean; why: string }>>;
}

export const unique = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
export const uniqueEmail = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}@example.com`;
export const day = (w: World) => `start=${w.usageDay}&end=${w.usageDay}`;

/** Ids that are not ids: each must be a plain 400 before anything is looked up. */
export const badIds = (template: string): BadInput[] =>
  ["not-a-uuid", "%00", "00000000-0000-4000-8000-00000000000g"].map((id) => ({
    why: `id ${id}`,
    status: 400,
    target: async () => ({ path: template.replace(/\[[^\]]+\]/, id) }),
  }));
