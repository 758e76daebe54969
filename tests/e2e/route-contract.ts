/**
 * Every route handler and server action of the app, with what it takes and who may call it. The
 * contract test fails when a route file exports a method missing here (or a build holds an action
 * missing here), so a new endpoint cannot ship without its auth, tenancy, bad-input and fuzz cases.
 * Data, not code: roles and API tokens extend `access` and the samples when they arrive.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { usageExportQuerySchema, usageQuerySchema } from "@/lib/analytics";
import { credentialsSchema, signInSchema } from "@/lib/auth/schemas";
import { createKeySchema, keyIdSchema, updateKeySchema } from "@/lib/keys/schemas";
import { ingestRequestSchema } from "@/lib/usage/schemas";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** session: signed-in users only (401 otherwise); public: anyone; cron: the cron bearer secret. */
export type Access = "session" | "public" | "cron";

/** What a sample may use: the caller's own key id and the emulator's credentials. */
export interface SampleContext {
  ownKeyId: string;
  admin: { apiKey: string; organizationId: string; projectId: string };
  email: string;
  dataset: { start: string; end: string };
}

export interface SampleRequest {
  query?: Record<string, string>;
  body?: unknown;
  /** A raw body sent as is (malformed JSON and the like). */
  raw?: string;
  /** Replaces the `[id]` segment (bad ids). */
  id?: string;
}

export interface RouteContract {
  method: HttpMethod;
  /** As the folder names it under src/app: `/api/keys/[id]`. */
  path: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A request the owner may make; when absent the route takes no input. */
  sample: (ctx: SampleContext) => SampleRequest;
  /** Requests that must be answered with a 4xx; required when the route takes input. */
  badInput: (ctx: SampleContext) => SampleRequest[];
  /** The status of the sample when it succeeds. */
  okStatus: number;
  /**
   * Slow on purpose (talks to the provider, hashes a password): fuzzed with fewer runs so the
   * suite stays inside its time budget.
   */
  slow?: boolean;
}

const NO_INPUT = () => ({});
const NONE = () => [];
const BAD_IDS = [{ id: "not-a-uuid" }, { id: "%00" }, { id: "00000000-0000-4000-8000-00000000000g" }];

export const ROUTES: RouteContract[] = [
  { method: "GET", path: "/api/health", access: "public", sample: NO_INPUT, badInput: NONE, okStatus: 200 },
  {
    method: "POST",
    path: "/api/auth/sign-up",
    access: "public",
    body: credentialsSchema,
    sample: () => ({
      body: { email: `new-${randomUUID().slice(0, 8)}@example.com`, password: "correct horse battery" },
    }),
    badInput: () => [
      { body: { email: "not-an-email", password: "correct horse battery" } },
      { body: { email: "short@example.com", password: "short" } },
      { raw: "{not json" },
    ],
    okStatus: 201,
    slow: true,
  },
  {
    method: "POST",
    path: "/api/auth/sign-in",
    access: "public",
    body: signInSchema,
    sample: ({ email }) => ({ body: { email, password: "correct horse battery" } }),
    badInput: ({ email }) => [{ body: { email, password: "" } }, { body: { email, password: 42 } }, { body: [] }],
    okStatus: 200,
    slow: true,
  },
  { method: "POST", path: "/api/auth/sign-out", access: "public", sample: NO_INPUT, badInput: NONE, okStatus: 200 },
  { method: "GET", path: "/api/cron/daily-usage", access: "cron", sample: NO_INPUT, badInput: NONE, okStatus: 200 },
  { method: "GET", path: "/api/keys", access: "session", sample: NO_INPUT, badInput: NONE, okStatus: 200 },
  {
    method: "POST",
    path: "/api/keys",
    access: "session",
    body: createKeySchema,
    sample: ({ admin }) => ({ body: { provider: "openai", label: "Contract key", usageMode: "admin", ...admin } }),
    badInput: ({ admin }) => [
      { body: { provider: "openai", label: "", apiKey: admin.apiKey } },
      { body: { provider: "openai", label: "x", apiKey: admin.apiKey, admin: true } },
      { raw: "[1, 2" },
    ],
    okStatus: 201,
  },
  {
    method: "GET",
    path: "/api/keys/[id]",
    access: "session",
    params: keyIdSchema,
    sample: NO_INPUT,
    badInput: () => BAD_IDS,
    okStatus: 200,
  },
  {
    method: "PATCH",
    path: "/api/keys/[id]",
    access: "session",
    params: keyIdSchema,
    body: updateKeySchema,
    sample: () => ({ body: { label: "Renamed by contract" } }),
    badInput: () => [{ body: {} }, { body: { label: 7 } }, { body: { label: "x", owner: "me" } }, ...BAD_IDS],
    okStatus: 200,
  },
  {
    method: "DELETE",
    path: "/api/keys/[id]",
    access: "session",
    params: keyIdSchema,
    sample: NO_INPUT,
    badInput: () => BAD_IDS,
    okStatus: 200,
  },
  {
    method: "POST",
    path: "/api/keys/[id]/test",
    access: "session",
    params: keyIdSchema,
    sample: NO_INPUT,
    badInput: () => BAD_IDS,
    okStatus: 200,
    slow: true,
  },
  {
    method: "GET",
    path: "/api/usage",
    access: "session",
    query: usageQuerySchema,
    sample: ({ dataset }) => ({ query: { start: dataset.start, end: dataset.end, view: "totals" } }),
    badInput: (): SampleRequest[] => [
      { query: { start: "2026-02-30" } },
      { query: { view: "everything" } },
      { query: { limit: "-1", view: "breakdown", dimension: "model" } },
      { query: { unknown: "1" } },
    ],
    okStatus: 200,
  },
  {
    method: "POST",
    path: "/api/usage",
    access: "session",
    body: ingestRequestSchema,
    sample: ({ dataset }) => ({ body: { start: dataset.end, end: dataset.end } }),
    badInput: () => [{ body: { start: "yesterday" } }, { body: { start: "2026-03-10", end: "2026-03-01" } }],
    okStatus: 200,
    slow: true,
  },
  {
    method: "GET",
    path: "/api/usage/export",
    access: "session",
    query: usageExportQuerySchema,
    sample: ({ dataset }) => ({ query: { start: dataset.end, end: dataset.end } }),
    badInput: (): SampleRequest[] => [{ query: { start: "2026-13-01" } }, { query: { view: "totals" } }],
    okStatus: 200,
  },
];

export interface ActionContract {
  /** The module that declares it, as the build's server-reference manifest names it. */
  file: string;
  exportedName: string;
  /** A page whose bundle holds the action; the client posts there. */
  page: string;
  access: Access;
  args?: z.ZodType;
  /** Arguments the owner may pass. */
  sample: (ctx: SampleContext) => unknown[];
  /** Argument lists that must be refused without doing any work. */
  badInput: () => unknown[][];
  slow?: boolean;
}

export const ACTIONS: ActionContract[] = [
  {
    file: "src/app/dashboard/actions.ts",
    exportedName: "refreshUsageAction",
    page: "/analytics",
    access: "session",
    args: ingestRequestSchema,
    sample: ({ dataset }) => [{ start: dataset.end, end: dataset.end }],
    badInput: () => [[{ start: "yesterday" }], [{ start: "2026-01-01", extra: 1 }], [42]],
    slow: true,
  },
  // Clerk's own actions ship in every page bundle even when Clerk is off: reachable, so listed.
  {
    file: "node_modules/@clerk/nextjs/dist/esm/app-router/server-actions.js",
    exportedName: "invalidateCacheAction",
    page: "/",
    access: "public",
    sample: () => [],
    badInput: NONE,
  },
  {
    file: "node_modules/@clerk/nextjs/dist/esm/app-router/keyless-actions.js",
    exportedName: "deleteKeylessAction",
    page: "/",
    access: "public",
    sample: () => [],
    badInput: NONE,
  },
];

/** `/api/keys/[id]` with the id filled in (the value is sent as is: hostile ids stay hostile). */
export const fillPath = (template: string, id: string) => template.replace("[id]", id);

export const routeName = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
