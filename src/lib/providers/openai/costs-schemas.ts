/**
 * `GET /v1/organization/costs` pages, parsed from lossless JSON (numbers are JsonNumberText): the
 * amount keeps every digit the provider sent. Loose everywhere: OpenAI adds fields (organization_id)
 * and any field but `object` may be missing or null.
 */
import { z } from "zod";
import { JsonNumberText } from "@/lib/http-client/lossless-json";
import { decimalFromAmountText } from "@/lib/money/amount-text";

const wholeNumber = z
  .instanceof(JsonNumberText, { error: "expected a number" })
  .transform((n) => Number(n.text))
  .pipe(z.number().int());

/** A number token or a numeric string, as exact decimal text. */
export const amountValueSchema = z
  .union([z.instanceof(JsonNumberText).transform((n) => n.text), z.string()], {
    error: "expected a number or a numeric string",
  })
  .transform((text, ctx) => {
    const decimal = decimalFromAmountText(text);
    if (decimal === null) {
      ctx.addIssue({ code: "custom", message: `not a decimal amount: "${text.slice(0, 40)}"` });
      return z.NEVER;
    }
    return decimal;
  });

const groupKey = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

export const costsResultSchema = z.looseObject({
  object: z.string().optional(),
  amount: z
    .looseObject({
      value: amountValueSchema.nullish(),
      currency: z.string().max(10).nullish(),
    })
    .nullish(),
  line_item: groupKey,
  project_id: groupKey,
  api_key_id: groupKey,
});

export const costsBucketSchema = z.looseObject({
  object: z.string().optional(),
  start_time: wholeNumber,
  end_time: wholeNumber,
  results: z
    .array(costsResultSchema)
    .nullish()
    .transform((r) => r ?? []),
});

export const costsPageSchema = z.looseObject({
  object: z.string().optional(),
  data: z.array(costsBucketSchema),
  has_more: z.boolean(),
  // Kept unknown: sanitizeNextPage decides what is acceptable.
  next_page: z.unknown().optional(),
});

export type CostsBucket = z.output<typeof costsBucketSchema>;
export type CostsResult = z.output<typeof costsResultSchema>;
