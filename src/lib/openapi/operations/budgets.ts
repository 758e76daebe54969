import { z } from "zod";
import { alertsQuerySchema } from "@/lib/alerts/list";
import { anomaliesQuerySchema } from "@/lib/anomalies/detect";
import { budgetIdSchema, createBudgetSchema, updateBudgetSchema } from "@/lib/budgets/schemas";
import { forecastQuerySchema } from "@/lib/forecast/get";
import { isoTime, utcDay } from "../shapes";
import type { ApiOperation } from "../types";

const decimal = z.string().describe("Exact decimal string, USD");
const month = z.string().regex(/^\d{4}-\d{2}$/);

const budget = z.object({
  id: z.uuid(),
  name: z.string(),
  scope: z.object({
    provider: z.string().nullable(),
    projectId: z.string().nullable(),
    apiKeyId: z.string().nullable(),
  }),
  amountUsd: decimal.describe("Per calendar month (UTC)"),
  thresholds: z.array(z.object({ percent: z.number(), basis: z.enum(["actual", "forecast"]) })),
  channelIds: z.array(z.uuid()),
  createdAt: isoTime,
  updatedAt: isoTime,
});

const progress = z.object({
  month,
  actualUsd: decimal,
  forecastUsd: decimal,
  onTrack: z.boolean(),
  overByUsd: decimal.describe('Forecast minus amount when the forecast is over, else "0"'),
});

const monthForecast = z.object({
  month,
  state: z.enum(["past", "current", "future"]),
  actualUsd: decimal,
  forecastUsd: decimal,
  meanDailyUsd: decimal,
  meanDays: z.number(),
  daysLeft: z.number(),
});

const delivery = z.object({
  channelId: z.uuid(),
  channelName: z.string(),
  status: z.enum(["pending", "sent", "failed", "dead"]),
  attempts: z.number(),
  lastError: z.string().nullable(),
  sentAt: isoTime.nullable(),
});

const tag = { tag: "Budgets and alerts", auth: "member" } as const;

export const BUDGET_OPERATIONS: ApiOperation[] = [
  {
    ...tag,
    method: "GET",
    path: "/api/budgets",
    summary: "Budgets with this month's actual and forecast spend",
    permission: "budgets:read",
    responses: {
      200: { description: "Budgets", schema: z.object({ budgets: z.array(budget.extend({ progress })) }) },
    },
  },
  {
    ...tag,
    method: "POST",
    path: "/api/budgets",
    summary: "Create a monthly budget for the organization, a provider, a project or an API key",
    description:
      "Thresholds default to 50/80/100% of actual spend; each may fire on `actual` or `forecast` month-end spend, once per month.",
    permission: "budgets:write",
    body: createBudgetSchema,
    responses: { 201: { description: "The budget", schema: z.object({ budget }) } },
  },
  {
    ...tag,
    method: "GET",
    path: "/api/budgets/[id]",
    summary: "One budget with its progress",
    permission: "budgets:read",
    params: budgetIdSchema,
    responses: { 200: { description: "The budget", schema: z.object({ budget: budget.extend({ progress }) }) } },
  },
  {
    ...tag,
    method: "PATCH",
    path: "/api/budgets/[id]",
    summary: "Change a budget",
    permission: "budgets:write",
    params: budgetIdSchema,
    body: updateBudgetSchema,
    responses: { 200: { description: "The budget", schema: z.object({ budget }) } },
  },
  {
    ...tag,
    method: "DELETE",
    path: "/api/budgets/[id]",
    summary: "Delete a budget (its fired alerts stay in the history)",
    permission: "budgets:write",
    params: budgetIdSchema,
    responses: { 200: { description: "Deleted", schema: z.object({ id: z.uuid(), deleted: z.literal(true) }) } },
  },
  {
    ...tag,
    method: "GET",
    path: "/api/alerts",
    summary: "Fired budget, anomaly and certificate alerts with their delivery status",
    permission: "budgets:read",
    query: alertsQuerySchema,
    responses: {
      200: {
        description: "Alerts, newest first",
        schema: z.object({
          range: z.object({ start: utcDay, end: utcDay }),
          alerts: z.array(
            z.object({
              id: z.string(),
              kind: z.string(),
              budgetId: z.uuid().nullable(),
              period: z.string(),
              title: z.string(),
              text: z.string(),
              facts: z.record(z.string(), z.string()),
              amountUsd: decimal,
              limitUsd: decimal,
              firedAt: isoTime,
              deliveries: z.array(delivery),
            }),
          ),
        }),
      },
    },
  },
  {
    ...tag,
    method: "GET",
    path: "/api/forecast",
    summary: "Month-end forecast: month to date plus the mean of the last 7 closed days times the days left",
    permission: "usage:read",
    query: forecastQuerySchema,
    responses: {
      200: {
        description: "The organization's forecast and one per provider",
        schema: z.object({
          month,
          total: monthForecast.extend({
            daily: z.array(
              z.object({
                day: utcDay,
                amountUsd: decimal,
                basis: z.enum(["billed", "estimated"]),
                provisional: z.boolean(),
              }),
            ),
          }),
          providers: z.array(monthForecast.extend({ provider: z.string() })),
        }),
      },
    },
  },
  {
    ...tag,
    method: "GET",
    path: "/api/anomalies",
    summary: "Closed days whose spend is far above its own recent normal",
    description:
      "A day is an anomaly when spend - median(28 days before) > max(ANOMALY_K x MAD, ANOMALY_FLOOR_USD), for the organization, each provider and each project.",
    permission: "usage:read",
    query: anomaliesQuerySchema,
    responses: {
      200: {
        description: "The rule and the anomalies",
        schema: z.object({
          range: z.object({ start: utcDay, end: utcDay }),
          rule: z.object({ k: z.string(), floorUsd: z.string() }),
          anomalies: z.array(
            z.object({
              day: utcDay,
              scope: z.object({ kind: z.enum(["organization", "provider", "project"]), id: z.string().nullable() }),
              amountUsd: decimal,
              medianUsd: decimal,
              madUsd: decimal,
              thresholdUsd: decimal,
            }),
          ),
        }),
      },
    },
  },
];
