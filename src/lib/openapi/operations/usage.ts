import { z } from "zod";
import { usageExportQuerySchema, usageQuerySchema } from "@/lib/analytics";
import { parityQuerySchema, parityResponseSchema } from "@/lib/usage/parity-schemas";
import { ingestRequestSchema } from "@/lib/usage/schemas";
import { csv, isoTime, utcDay } from "../shapes";
import type { ApiOperation } from "../types";

const sums = {
  inputTokens: z.number().describe("All input tokens: uncached + cache reads + cache writes"),
  outputTokens: z.number(),
  cachedInputTokens: z.number().describe("Cache reads"),
  requests: z.number().describe("Model requests; providers that report none count 0"),
  costUsd: z.number().nullable().describe("Computed (estimated) cost; null when nothing in range has a price"),
};

const range = z.object({ start: utcDay, end: utcDay });

const usageRow = z.object({
  id: z.number(),
  date: utcDay,
  windowStart: isoTime,
  windowEnd: isoTime,
  accountId: z.uuid(),
  accountLabel: z.string(),
  provider: z.string(),
  source: z.string(),
  model: z.string(),
  projectId: z.string().nullable(),
  projectName: z.string().nullable(),
  apiKeyId: z.string().nullable(),
  apiKeyName: z.string().nullable(),
  providerUserId: z.string().nullable(),
  userName: z.string().nullable(),
  serviceTier: z.string().nullable(),
  batch: z.boolean().nullable(),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  requests: z.number(),
  estimatedCostUsd: z.string().nullable().describe("Exact decimal string, or null when the model has no price"),
  simulated: z.boolean(),
});

const usageView = z.discriminatedUnion("view", [
  z.object({
    view: z.literal("rows"),
    rows: z.array(usageRow),
    page: z.number(),
    pageSize: z.number(),
    total: z.number(),
  }),
  z.object({
    view: z.literal("totals"),
    totals: z.object({
      range,
      previousRange: range,
      current: z.object(sums),
      previous: z.object(sums),
      simulatedRows: z.number(),
      lastSyncAt: isoTime.nullable(),
      notes: z.array(z.string()),
    }),
  }),
  z.object({
    view: z.literal("timeseries"),
    granularity: z.enum(["day", "week", "month"]),
    points: z.array(z.object({ period: utcDay, ...sums })),
  }),
  z.object({
    view: z.literal("breakdown"),
    dimension: z.string(),
    rows: z.array(z.object({ value: z.string().nullable(), label: z.string(), ...sums })),
  }),
]);

const issue = z.object({ code: z.string(), message: z.string() }).loose();

export const ingestionResult = z.object({
  runId: z.uuid().nullable(),
  status: z.enum(["succeeded", "partial", "failed"]),
  window: z.object({ start: utcDay, end: utcDay, days: z.number() }),
  telemetry: z
    .object({
      keysProcessed: z.number(),
      keysFailed: z.number(),
      keysSimulated: z.number(),
      keysSkipped: z.number(),
      windowsProcessed: z.number(),
      requestsMade: z.number(),
      retries: z.number(),
      rowsFetched: z.number(),
      rowsInserted: z.number(),
      rowsUpdated: z.number(),
      rowsUnchanged: z.number(),
      durationMs: z.number(),
      issues: z.array(issue),
    })
    .loose(),
  unfinished: z.boolean(),
});

export const USAGE_OPERATIONS: ApiOperation[] = [
  {
    method: "GET",
    path: "/api/usage",
    tag: "Usage",
    summary: "Read usage: rows, totals, a time series or a breakdown",
    description: "`view` picks the shape; every view takes the same filters. Dates default to the last 30 UTC days.",
    auth: "member",
    permission: "usage:read",
    tokenScope: "usage:read",
    query: usageQuerySchema,
    responses: { 200: { description: "The requested view", schema: usageView } },
  },
  {
    method: "POST",
    path: "/api/usage",
    tag: "Usage",
    summary: "Ingest usage now for the organization's provider accounts",
    description: "Runs the one ingestion entry point for a window of at most 92 days; idempotent.",
    auth: "member",
    permission: "ingest:write",
    tokenScope: "ingest:write",
    body: ingestRequestSchema,
    responses: { 200: { description: "The run's outcome and telemetry", schema: ingestionResult } },
  },
  {
    method: "GET",
    path: "/api/usage/export",
    tag: "Usage",
    summary: "Usage rows as CSV (at most 200,000 rows)",
    auth: "member",
    permission: "usage:export",
    tokenScope: "usage:read",
    query: usageExportQuerySchema,
    responses: { 200: csv("One line per stored usage row, with the provider, account and names") },
  },
  {
    method: "GET",
    path: "/api/usage/parity",
    tag: "Usage",
    summary: "What the parity diff compares: usage per day and export key, or billed cost lines",
    description:
      "For `npm run usage:diff` beside the running app. grain=usage: stored usage of one provider summed per UTC day, " +
      "project, API key, user, model, batch, service tier and simulated flag (tokens as exact integers; OpenAI: " +
      "completions and embeddings only; Anthropic adds the synced workspace names). grain=costs: billed cost per UTC " +
      "day, project, line item and currency as exact decimal strings. At most 200,000 usage groups per answer.",
    auth: "member",
    permission: "usage:read",
    tokenScope: "usage:read",
    query: parityQuerySchema,
    responses: {
      200: { description: "The organization's stored figures for the window", schema: parityResponseSchema },
    },
  },
];
