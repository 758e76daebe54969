/**
 * GET /api/usage/parity: what `npm run usage:diff` compares a provider's CSV export with, read by
 * the CLI beside the running app (the app holds the embedded database) or straight from the
 * database. One query and one answer shape for both, so the two ways give the same report.
 */
import { z } from "zod";
import { productDate } from "@/lib/dates";
import { checkRange } from "@/lib/analytics/filters";

export const PARITY_PROVIDERS = ["openai", "anthropic"] as const;
export const PARITY_GRAINS = ["usage", "costs"] as const;

/** A larger answer means a window too wide for one comparison; the CLI says to narrow it. */
export const MAX_PARITY_GROUPS = 200_000;

export const parityQuerySchema = z
  .strictObject({
    start: productDate("start"),
    end: productDate("end"),
    provider: z.enum(PARITY_PROVIDERS).default("openai"),
    grain: z.enum(PARITY_GRAINS).default("usage"),
  })
  .superRefine(checkRange);

export type ParityQuery = z.output<typeof parityQuerySchema>;

const tokens = z.number().int().nonnegative();

/**
 * Stored usage summed in SQL per UTC day and every key either provider's export groups by (the
 * service tier included, so no export's grouping is lost); `rows` = stored rows in the group.
 */
export const parityUsageGroupSchema = z.object({
  day: z.string(),
  projectId: z.string().nullable(),
  apiKeyId: z.string().nullable(),
  userId: z.string().nullable(),
  model: z.string(),
  batch: z.boolean().nullable(),
  serviceTier: z.string().nullable(),
  simulated: z.boolean(),
  rows: z.number().int().positive(),
  inputTokens: tokens,
  outputTokens: tokens,
  cachedInputTokens: tokens,
  /** Requests; a provider that reports none (Anthropic) counts 0. */
  requests: tokens,
  cacheWrite5mTokens: tokens,
  cacheWrite1hTokens: tokens,
  webSearchRequests: tokens,
});
export type ParityUsageGroup = z.infer<typeof parityUsageGroupSchema>;

export const parityCostLineSchema = z.object({
  day: z.string(),
  projectId: z.string().nullable(),
  lineItem: z.string().nullable(),
  currency: z.string(),
  amount: z.string().regex(/^-?\d+(\.\d+)?$/, "an exact decimal"),
});

export const parityResponseSchema = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  provider: z.enum(PARITY_PROVIDERS),
  grain: z.enum(PARITY_GRAINS),
  window: z.object({ start: z.string(), end: z.string() }),
  /** grain=usage: the groups; for Anthropic also the synced workspace names (ids to names). */
  usage: z.array(parityUsageGroupSchema).optional(),
  workspaces: z.array(z.object({ externalId: z.string(), name: z.string() })).optional(),
  /** grain=costs: billed cost per UTC day, project, line item and currency, exact decimal strings. */
  costs: z.array(parityCostLineSchema).optional(),
});
export type ParityData = z.infer<typeof parityResponseSchema>;
