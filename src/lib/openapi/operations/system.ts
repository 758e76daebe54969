import { z } from "zod";
import { credentialsSchema, signInSchema } from "@/lib/auth/schemas";
import { user } from "../shapes";
import type { ApiOperation } from "../types";

const auth = { tag: "Sign-in (local accounts)" } as const;

export const SYSTEM_OPERATIONS: ApiOperation[] = [
  {
    ...auth,
    method: "POST",
    path: "/api/auth/sign-up",
    summary: "Create a local account and sign in",
    description: "Sets the session cookie; a personal organization is created. 429 past the per-address limit.",
    auth: "public",
    body: credentialsSchema,
    responses: { 201: { description: "Signed up and in", schema: z.object({ user }) } },
  },
  {
    ...auth,
    method: "POST",
    path: "/api/auth/sign-in",
    summary: "Sign in with email and password",
    description: "Sets the session cookie. 401 for a wrong password, 429 with Retry-After when limited.",
    auth: "public",
    body: signInSchema,
    responses: { 200: { description: "Signed in", schema: z.object({ user }) } },
  },
  {
    ...auth,
    method: "POST",
    path: "/api/auth/sign-out",
    summary: "End this session",
    auth: "public",
    responses: { 200: { description: "Signed out", schema: z.object({ signedOut: z.literal(true) }) } },
  },
  {
    ...auth,
    method: "POST",
    path: "/api/auth/sign-out-everywhere",
    summary: "End every session of the signed-in user",
    auth: "member",
    responses: {
      200: {
        description: "Signed out everywhere",
        schema: z.object({ signedOut: z.literal(true), sessionsEnded: z.number() }),
      },
    },
  },
  {
    method: "GET",
    path: "/api/health",
    tag: "Operations",
    summary: "Database reachability and migration status",
    auth: "public",
    responses: {
      200: {
        description: '"ok", or "degraded" when migrations are pending',
        schema: z
          .object({
            status: z.enum(["ok", "degraded", "error"]),
            authMode: z.string(),
            databaseDriver: z.string(),
            database: z.object({ reachable: z.boolean(), message: z.string().optional() }),
          })
          .loose(),
      },
    },
  },
  {
    method: "GET",
    path: "/api/cron/daily-usage",
    tag: "Operations",
    summary: "The daily ingestion job (Vercel Cron)",
    description:
      "Bearer `CRON_SECRET`. Organizations not reached before `CRON_MAX_DURATION_SECONDS` are listed and go first next time.",
    auth: "cron",
    responses: {
      200: {
        description: "What the run did",
        schema: z.object({
          organizations: z.object({
            total: z.number(),
            completed: z.number(),
            failed: z.number(),
            unfinished: z.number(),
          }),
          unfinishedOrgIds: z.array(z.uuid()),
          message: z.string(),
          runIds: z.array(z.uuid()),
          notifications: z
            .object({ claimed: z.number(), sent: z.number(), retrying: z.number(), dead: z.number() })
            .describe("Alert messages sent after the runs"),
        }),
      },
    },
  },
  {
    method: "GET",
    path: "/api/metrics",
    tag: "Operations",
    summary: "Prometheus metrics (text exposition format)",
    description:
      "Bearer `METRICS_TOKEN`; 404 when no token is configured (never allowed in production). Series are prefixed `cognitrack_`; see the alerts runbook.",
    auth: "metrics",
    responses: { 200: { description: "The metrics", contentType: "text/plain" } },
  },
  {
    method: "GET",
    path: "/api/openapi.json",
    tag: "Operations",
    summary: "This API description (OpenAPI 3.1)",
    auth: "public",
    responses: { 200: { description: "The OpenAPI document", schema: z.object({ openapi: z.string() }).loose() } },
  },
];
