/** Rows for budgets, the forecast, anomalies and fired alerts. */
import { alertsQuerySchema } from "@/lib/alerts/list";
import { anomaliesQuerySchema } from "@/lib/anomalies/detect";
import { budgetIdSchema, createBudgetSchema, updateBudgetSchema } from "@/lib/budgets/schemas";
import { forecastQuerySchema } from "@/lib/forecast/get";
import { badIds, unique, type MatrixRow } from "../types";
import type { World } from "../world";

const budget = (w: World) => w.fixtures.budget();
const path = async (w: World) => `/api/budgets/${(await budget(w)).id}`;

export const BUDGET_ROWS: MatrixRow[] = [
  { kind: "route", method: "GET", route: "/api/budgets", access: "budgets:read", ok: 200, target: async () => ({}) },
  {
    kind: "route",
    method: "POST",
    route: "/api/budgets",
    access: "budgets:write",
    ok: 201,
    target: async () => ({
      body: {
        name: unique("Matrix budget"),
        scope: { provider: "openai" },
        amountUsd: "250.50",
        thresholds: [{ percent: 80, basis: "forecast" }],
        channelIds: [],
      },
    }),
    input: { body: createBudgetSchema },
    badInput: [
      { why: "no name", status: 400, target: async () => ({ body: { amountUsd: 5 } }) },
      { why: "an amount of 0", status: 400, target: async () => ({ body: { name: "x", amountUsd: 0 } }) },
      {
        why: "an amount in exponent form",
        status: 400,
        target: async () => ({ body: { name: "x", amountUsd: "1e9" } }),
      },
      {
        why: "an unknown threshold basis",
        status: 400,
        target: async () => ({ body: { name: "x", amountUsd: 5, thresholds: [{ percent: 50, basis: "vibes" }] } }),
      },
      {
        why: "a channel id that is not a uuid",
        status: 400,
        target: async () => ({ body: { name: "x", amountUsd: 5, channelIds: ["slack"] } }),
      },
      {
        why: "a field the API does not take",
        status: 400,
        target: async () => ({ body: { name: "x", amountUsd: 5, orgId: "x" } }),
      },
      { why: "broken JSON", status: 400, target: async () => ({ raw: '{"name": ' }) },
    ],
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/budgets/[id]",
    access: "budgets:read",
    object: "budget",
    ok: 200,
    target: async (w) => ({ path: await path(w) }),
    input: { params: budgetIdSchema },
    badInput: badIds("/api/budgets/[id]"),
  },
  {
    kind: "route",
    method: "PATCH",
    route: "/api/budgets/[id]",
    access: "budgets:write",
    object: "budget",
    ok: 200,
    target: async (w) => ({ path: await path(w), body: { amountUsd: "320", name: unique("Renamed budget") } }),
    input: { params: budgetIdSchema, body: updateBudgetSchema },
    badInput: [
      { why: "nothing to change", status: 400, target: async (w) => ({ path: await path(w), body: {} }) },
      {
        why: "a negative amount",
        status: 400,
        target: async (w) => ({ path: await path(w), body: { amountUsd: -1 } }),
      },
      { why: "an empty name", status: 400, target: async (w) => ({ path: await path(w), body: { name: " " } }) },
      ...badIds("/api/budgets/[id]").map((b) => ({
        ...b,
        target: async (w: World) => ({ ...(await b.target(w)), body: { name: "x" } }),
      })),
    ],
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/budgets/[id]",
    access: "budgets:write",
    object: "budget",
    ok: 200,
    target: async (w) => ({ path: await path(w) }),
    input: { params: budgetIdSchema },
    badInput: badIds("/api/budgets/[id]"),
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/forecast",
    access: "usage:read",
    ok: 200,
    target: async () => ({ path: "/api/forecast" }),
    input: { query: forecastQuerySchema },
    badInput: [
      { why: "month 13", status: 400, target: async () => ({ path: "/api/forecast?month=2026-13" }) },
      {
        why: "a day instead of a month",
        status: 400,
        target: async () => ({ path: "/api/forecast?month=2026-11-01" }),
      },
      { why: "an unknown parameter", status: 400, target: async () => ({ path: "/api/forecast?orgId=x" }) },
    ],
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/anomalies",
    access: "usage:read",
    ok: 200,
    target: async (w) => ({ path: `/api/anomalies?end=${w.usageDay}` }),
    input: { query: anomaliesQuerySchema },
    badInput: [
      {
        why: "end before start",
        status: 400,
        target: async () => ({ path: "/api/anomalies?start=2026-10-10&end=2026-10-01" }),
      },
      {
        why: "a year-long range",
        status: 400,
        target: async () => ({ path: "/api/anomalies?start=2025-01-01&end=2025-12-31" }),
      },
      { why: "not a date", status: 400, target: async () => ({ path: "/api/anomalies?start=yesterday" }) },
    ],
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/alerts",
    access: "budgets:read",
    ok: 200,
    target: async () => ({ path: "/api/alerts" }),
    input: { query: alertsQuerySchema },
    badInput: [
      {
        why: "end before start",
        status: 400,
        target: async () => ({ path: "/api/alerts?start=2026-10-10&end=2026-10-01" }),
      },
      { why: "February 30th", status: 400, target: async () => ({ path: "/api/alerts?start=2026-02-30" }) },
    ],
  },
];
