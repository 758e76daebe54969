import { z } from "zod";
import {
  createPriceOverrideSchema,
  listPricesQuerySchema,
  priceOverrideIdSchema,
  resetPricesSchema,
  updatePriceOverrideSchema,
} from "@/lib/pricing/overrides/schemas";
import { unpricedQuerySchema } from "@/lib/pricing/unpriced";
import { isoTime, utcDay } from "../shapes";
import type { ApiOperation } from "../types";

const perMTok = z.string().describe("USD per 1M tokens, decimal string");

const override = z.object({
  id: z.uuid(),
  provider: z.string(),
  model: z.string(),
  effectiveFrom: utcDay,
  effectiveTo: utcDay.nullable(),
  inputPerMTok: perMTok,
  cachedInputPerMTok: perMTok.nullable(),
  cacheWritePerMTok: perMTok.nullable(),
  outputPerMTok: perMTok,
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

const effective = z.object({
  provider: z.string(),
  model: z.string(),
  day: utcDay,
  source: z.enum(["override", "library", "none"]),
  overrideId: z.uuid().nullable(),
  libraryModel: z.string().nullable().describe("The price library's id for the model, when it knows it"),
  inputPerMTok: perMTok.nullable(),
  cachedInputPerMTok: perMTok.nullable(),
  outputPerMTok: perMTok.nullable(),
  supplementPrices: z
    .array(
      z.object({
        source: z.literal("supplement"),
        priceKey: z.string().describe("The price library's key, e.g. input_audio_mtok"),
        perMTok: perMTok,
        aboveInputTokens: z
          .number()
          .nullable()
          .describe("Set for a long-context tier: applies above this many input tokens per request"),
        sourceUrl: z.string(),
        readOn: z.string().describe("When the price was read from its source (YYYY-MM)"),
      }),
    )
    .describe(
      "Prices the public price list lacks for this model (audio tokens, long-context tiers), with their own source",
    ),
});

const recomputed = z
  .object({
    rows: z.number(),
    changed: z.number(),
    days: z.array(z.object({ accountId: z.uuid(), first: utcDay, last: utcDay })),
  })
  .describe("Usage rows re-priced and the days whose rollups were refreshed");

const tag = { tag: "Prices", auth: "member" } as const;

export const PRICE_OPERATIONS: ApiOperation[] = [
  {
    ...tag,
    method: "GET",
    path: "/api/prices",
    summary: "The price in force today for each model the organization uses or has priced, with its source",
    description:
      "One row per (provider, model) with usage or an override in the organization, at today's UTC date: " +
      "`source` is `override` (the organization's own price), `library` (the public price list) or `none` " +
      "(unpriced). With both `provider` and `model`, just that model, used or not.",
    permission: "usage:read",
    query: listPricesQuerySchema,
    responses: {
      200: {
        description: "Effective prices and the overrides",
        schema: z.object({ prices: z.array(effective), overrides: z.array(override) }),
      },
    },
  },
  {
    ...tag,
    method: "GET",
    path: "/api/prices/overrides",
    summary: "The organization's price overrides, optionally of one provider and/or model",
    permission: "usage:read",
    query: listPricesQuerySchema,
    responses: { 200: { description: "Overrides", schema: z.object({ overrides: z.array(override) }) } },
  },
  {
    ...tag,
    method: "POST",
    path: "/api/prices/overrides",
    summary: "Add a price override (a negotiated discount, a fine-tuned model) from an effective date",
    description: "Usage of the model from that day on is re-priced and the affected days' rollups refreshed.",
    permission: "prices:write",
    body: createPriceOverrideSchema,
    responses: { 201: { description: "The override", schema: z.object({ override, recomputed }) } },
  },
  {
    ...tag,
    method: "PATCH",
    path: "/api/prices/overrides/[id]",
    summary: "Change a price override",
    permission: "prices:write",
    params: priceOverrideIdSchema,
    body: updatePriceOverrideSchema,
    responses: { 200: { description: "The override", schema: z.object({ override, recomputed }) } },
  },
  {
    ...tag,
    method: "DELETE",
    path: "/api/prices/overrides/[id]",
    summary: "Remove a price override (its usage returns to the public price)",
    permission: "prices:write",
    params: priceOverrideIdSchema,
    responses: {
      200: { description: "Removed", schema: z.object({ id: z.uuid(), deleted: z.literal(true), recomputed }) },
    },
  },
  {
    ...tag,
    method: "POST",
    path: "/api/prices/overrides/reset",
    summary: "Reset a model to the default price: remove every override of it",
    permission: "prices:write",
    body: resetPricesSchema,
    responses: { 200: { description: "Reset", schema: z.object({ removed: z.number(), recomputed }) } },
  },
  {
    ...tag,
    method: "GET",
    path: "/api/prices/unpriced",
    summary: "Models with usage but no price in a date range",
    permission: "usage:read",
    query: unpricedQuerySchema,
    responses: {
      200: {
        description: "Unpriced models with their tokens",
        schema: z.object({
          start: utcDay,
          end: utcDay,
          models: z.array(
            z.object({
              provider: z.string(),
              model: z.string(),
              inputTokens: z.number(),
              outputTokens: z.number(),
              requests: z.number(),
              rows: z.number(),
              firstDay: utcDay,
              lastDay: utcDay,
            }),
          ),
        }),
      },
    },
  },
];
