import { z } from "zod";
import { THRESHOLD_BASES, type BudgetThreshold } from "@/db/schema";
import { PROVIDER_IDS } from "@/lib/providers/types";
import { safeText } from "@/lib/text/safe-text";

export const DEFAULT_THRESHOLDS: BudgetThreshold[] = [
  { percent: 50, basis: "actual" },
  { percent: 80, basis: "actual" },
  { percent: 100, basis: "actual" },
];
export const MAX_BUDGET_USD = "1000000000";
const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Dollars and cents, above 0, as a JSON number or a decimal string; leaves as a canonical string. */
export const amountUsdSchema = z
  .union([z.string(), z.number()], { error: "Enter an amount above 0" })
  .transform((v, ctx) => {
    const text = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : v.trim();
    if (!AMOUNT.test(text)) {
      ctx.addIssue({ code: "custom", message: "Enter an amount above 0, in dollars with at most 2 decimals" });
      return z.NEVER;
    }
    const [int = "0", frac = ""] = text.split(".");
    const canonical = `${int.replace(/^0+(?=\d)/, "")}${frac.replace(/0+$/, "") ? `.${frac.replace(/0+$/, "")}` : ""}`;
    if (/^0(\.0*)?$/.test(canonical)) {
      ctx.addIssue({ code: "custom", message: "Enter an amount above 0" });
      return z.NEVER;
    }
    if (
      canonical.split(".")[0]!.length > MAX_BUDGET_USD.length ||
      (canonical.split(".")[0]!.length === MAX_BUDGET_USD.length && canonical > MAX_BUDGET_USD)
    ) {
      ctx.addIssue({ code: "custom", message: "Enter an amount of at most $1,000,000,000" });
      return z.NEVER;
    }
    return canonical;
  });

export const thresholdSchema = z.strictObject({
  percent: z
    .number({ error: "percent must be a whole number from 1 to 1000" })
    .int({ error: "percent must be a whole number from 1 to 1000" })
    .min(1, { error: "percent must be a whole number from 1 to 1000" })
    .max(1000, { error: "percent must be a whole number from 1 to 1000" }),
  basis: z.enum(THRESHOLD_BASES, { error: 'basis must be "actual" or "forecast"' }),
});

/** Sorted, each (percent, basis) once. */
const thresholdsSchema = z
  .array(thresholdSchema, { error: 'thresholds must be a list like [{"percent": 80, "basis": "actual"}]' })
  .min(1, { error: "thresholds must hold at least one threshold" })
  .max(10, { error: "thresholds may hold at most 10 thresholds" })
  .transform((list) => {
    const seen = new Map(list.map((t) => [`${t.percent}:${t.basis}`, t]));
    return [...seen.values()].sort((a, b) => a.percent - b.percent || a.basis.localeCompare(b.basis));
  });

const idText = (field: string) => z.preprocess(blank, safeText({ field, max: 200, min: 1 }).optional());

export const budgetScopeSchema = z.strictObject(
  {
    provider: z.preprocess(
      blank,
      z.enum(PROVIDER_IDS, { error: `scope.provider must be one of ${PROVIDER_IDS.join(", ")}` }).optional(),
    ),
    projectId: idText("scope.projectId"),
    apiKeyId: idText("scope.apiKeyId"),
  },
  { error: 'scope must be an object like {"provider": "openai"} (or {} for the whole organization)' },
);

const channelIdsSchema = z
  .array(z.uuid({ error: "each channel id must be a UUID" }), { error: "channelIds must be a list of channel ids" })
  .max(20, { error: "channelIds may hold at most 20 channels" })
  .transform((ids) => [...new Set(ids)]);

const nameText = safeText({ field: "name", max: 100 }).refine((v) => v.length > 0, { error: "Enter a name" });
const nameSchema = z.preprocess((v) => (v === undefined || v === null ? "" : v), nameText);

export const createBudgetSchema = z.strictObject({
  name: nameSchema,
  scope: budgetScopeSchema.default({}),
  amountUsd: amountUsdSchema,
  thresholds: thresholdsSchema.default(DEFAULT_THRESHOLDS),
  channelIds: channelIdsSchema.default([]),
});

export const updateBudgetSchema = z
  .strictObject({
    name: nameText.optional(),
    scope: budgetScopeSchema.optional(),
    amountUsd: amountUsdSchema.optional(),
    thresholds: thresholdsSchema.optional(),
    channelIds: channelIdsSchema.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: "Send at least one field to change." });

export type CreateBudgetInput = z.infer<typeof createBudgetSchema>;
export type UpdateBudgetInput = z.infer<typeof updateBudgetSchema>;

export const budgetIdSchema = z.strictObject({ id: z.uuid({ error: "budget id must be a UUID" }) });
