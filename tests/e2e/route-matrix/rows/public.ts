/** Rows for the routes anyone may call, the session's own routes and the cron route. */
import { credentialsSchema, signInSchema } from "@/lib/auth/schemas";
import type { MatrixRow } from "../types";
import { uniqueEmail } from "../types";

const LOCAL_ONLY = "local accounts are disabled when Clerk signs people in";

export const PUBLIC_ROWS: MatrixRow[] = [
  { kind: "route", method: "GET", route: "/api/health", access: "public", ok: 200, target: async () => ({}) },
  { kind: "route", method: "GET", route: "/api/openapi.json", access: "public", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "POST",
    route: "/api/auth/sign-up",
    access: "public",
    ok: 201,
    slow: true,
    target: async () => ({ body: { email: uniqueEmail("matrix"), password: "correct horse battery" } }),
    input: { body: credentialsSchema },
    badInput: [
      {
        why: "an email that is not one",
        status: 400,
        target: async () => ({ body: { email: "not-an-email", password: "correct horse battery" } }),
      },
      {
        why: "a short password",
        status: 400,
        target: async () => ({ body: { email: uniqueEmail("short"), password: "short" } }),
      },
      { why: "broken JSON", status: 400, target: async () => ({ raw: "{not json" }) },
    ],
    modes: { clerk: { ok: 404, skipBadInput: true, why: LOCAL_ONLY } },
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/auth/sign-in",
    access: "public",
    ok: 200,
    slow: true,
    target: async (w) => ({ body: w.fixtures.signIn() ?? { email: "nobody@example.com", password: "not a password" } }),
    input: { body: signInSchema },
    badInput: [
      {
        why: "an empty password",
        status: 400,
        target: async () => ({ body: { email: "nobody@example.com", password: "" } }),
      },
      {
        why: "a number for a password",
        status: 400,
        target: async () => ({ body: { email: "nobody@example.com", password: 42 } }),
      },
      { why: "a list for a body", status: 400, target: async () => ({ body: [] }) },
    ],
    modes: { clerk: { ok: 404, skipBadInput: true, why: LOCAL_ONLY } },
  },
  { kind: "route", method: "POST", route: "/api/auth/sign-out", access: "public", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "POST",
    route: "/api/auth/sign-out-everywhere",
    access: "member",
    ok: 200,
    // It ends every session of the caller: the allowed cases use a viewer nobody else uses.
    target: async (w) => ({ caller: await w.fixtures.spareSession() }),
    modes: { clerk: { ok: 404, why: "Clerk ends sessions from its own account settings" } },
  },
  { kind: "route", method: "GET", route: "/api/cron/daily-usage", access: "cron", ok: 200, target: async () => ({}) },
];
