/**
 * Input rules for price overrides. Messages are written for the form on /settings/prices (each
 * shows next to its field) and read as plain sentences in API errors too.
 */
import { z } from "zod";
import { parseEpochDay, productDateProblem } from "@/lib/dates";
import { PROVIDER_IDS } from "@/lib/providers/types";
import { textProblem } from "@/lib/text/safe-text";

export const PRICE_MESSAGE = "Enter a price of 0 or more";
export const MODEL_MESSAGE = "Enter a model";

/** USD per 1M tokens: 0 to 9,999,999 with at most 6 decimals, as a number or decimal text; kept as text. */
const PRICE_TEXT = /^\d{1,7}(\.\d{1,6})?$/;
const price = (field: string) =>
  z
    .union([z.string(), z.number()], { error: `${field}: ${PRICE_MESSAGE}` })
    .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
    .refine((v) => PRICE_TEXT.test(v), { error: `${field}: ${PRICE_MESSAGE} (USD per 1M tokens, up to 6 decimals)` });

/** Empty form fields mean "not given". */
const blank = (v: unknown) => (v === "" || (typeof v === "string" && v.trim() === "") ? null : v);

const day = (field: string) =>
  z.string({ error: `${field}: enter a date written YYYY-MM-DD` }).superRefine((v, ctx) => {
    const problem = productDateProblem(v, field);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const model = z
  .string({ error: MODEL_MESSAGE })
  .trim()
  .min(1, { error: MODEL_MESSAGE })
  .max(200, { error: "model must be at most 200 characters" })
  .superRefine((v, ctx) => {
    const problem = textProblem(v, { field: "model" });
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const provider = z.enum(PROVIDER_IDS, { error: `provider must be one of ${PROVIDER_IDS.join(", ")}` });

const note = z.preprocess(
  blank,
  z
    .string({ error: "note must be text" })
    .trim()
    .max(500, { error: "note must be at most 500 characters" })
    .superRefine((v, ctx) => {
      const problem = textProblem(v, { field: "note", multiline: true });
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .nullish(),
);

const fields = {
  provider,
  model,
  effectiveFrom: day("effectiveFrom"),
  effectiveTo: z.preprocess(blank, day("effectiveTo").nullish()),
  inputPerMTok: price("inputPerMTok"),
  cachedInputPerMTok: z.preprocess(blank, price("cachedInputPerMTok").nullish()),
  cacheWritePerMTok: z.preprocess(blank, price("cacheWritePerMTok").nullish()),
  outputPerMTok: price("outputPerMTok"),
  note,
};

function checkDates(v: { effectiveFrom?: string; effectiveTo?: string | null }, ctx: z.RefinementCtx) {
  if (!v.effectiveFrom || !v.effectiveTo) return;
  const [from, to] = [parseEpochDay(v.effectiveFrom), parseEpochDay(v.effectiveTo)];
  if (from !== null && to !== null && to < from) {
    ctx.addIssue({ code: "custom", path: ["effectiveTo"], message: "effectiveTo must not be before effectiveFrom" });
  }
}

export const createPriceOverrideSchema = z.strictObject(fields).superRefine(checkDates);
export type CreatePriceOverrideInput = z.input<typeof createPriceOverrideSchema>;

export const updatePriceOverrideSchema = z
  .strictObject({
    model: fields.model.optional(),
    effectiveFrom: fields.effectiveFrom.optional(),
    effectiveTo: fields.effectiveTo,
    inputPerMTok: fields.inputPerMTok.optional(),
    cachedInputPerMTok: fields.cachedInputPerMTok,
    cacheWritePerMTok: fields.cacheWritePerMTok,
    outputPerMTok: fields.outputPerMTok.optional(),
    note: fields.note,
  })
  .superRefine(checkDates)
  .refine((v) => Object.keys(v).length > 0, { error: "send at least one field to change" });
export type UpdatePriceOverrideInput = z.input<typeof updatePriceOverrideSchema>;

export const resetPricesSchema = z.strictObject({ provider, model });
export type ResetPricesInput = z.infer<typeof resetPricesSchema>;

export const priceOverrideIdSchema = z.strictObject({ id: z.uuid({ error: "price override id must be a UUID" }) });

export const listPricesQuerySchema = z.strictObject({
  provider: z.preprocess(blank, provider.nullish()),
  model: z.preprocess(blank, model.nullish()),
});
