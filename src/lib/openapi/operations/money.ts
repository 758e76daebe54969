import { z } from "zod";
import { reconciliationQuerySchema } from "@/lib/reconciliation";
import { utcDay } from "../shapes";
import type { ApiOperation } from "../types";

const decimal = z.string().describe("Exact decimal string, USD");

const reconciliation = z.object({
  range: z.object({ start: utcDay, end: utcDay }).nullable(),
  provisionalFrom: utcDay.nullable(),
  thresholdPercent: z.number(),
  days: z.array(
    z.object({
      day: utcDay,
      provider: z.string(),
      projectId: z.string().nullable(),
      projectName: z.string(),
      billedUsd: decimal.nullable().describe("null when the provider reported no cost that day"),
      computedUsd: decimal,
      captureRate: z.string().nullable().describe("computed / billed"),
      gapUsd: decimal.nullable().describe("billed - computed"),
      flagged: z.boolean(),
      lineItems: z.array(z.object({ lineItem: z.string().nullable(), amountUsd: decimal })),
      lineItemsListed: z
        .boolean()
        .describe("true when lineItems is the row's full list (flagged rows with the 100 biggest gaps)"),
    }),
  ),
  totals: z.object({
    billedUsd: decimal,
    computedUsd: decimal,
    gapUsd: decimal,
    captureRate: z.string().nullable(),
    unbilledComputedUsd: decimal,
    rows: z.number(),
    flaggedRows: z.number(),
  }),
});

export const MONEY_OPERATIONS: ApiOperation[] = [
  {
    method: "GET",
    path: "/api/reconciliation",
    tag: "Money",
    summary: "Billed against computed cost per closed UTC day, provider and project",
    description:
      "Rows whose gap exceeds the threshold (default 1%, `RECONCILIATION_THRESHOLD_PERCENT`) are flagged with the provider's line items. Today is provisional and left out. Default range: the last 30 closed days.",
    auth: "member",
    permission: "reconciliation:read",
    tokenScope: "costs:read",
    query: reconciliationQuerySchema,
    responses: { 200: { description: "Days and totals", schema: reconciliation } },
  },
];
