/** GET /api/reconciliation and the /reconciliation page: the query and its defaults. */
import { z } from "zod";
import { addDays, parseEpochDay, productDate, todayUtc } from "@/lib/dates";
import { PROVIDER_IDS } from "@/lib/providers/types";
import { safeText } from "@/lib/text/safe-text";

/** A year of closed days at most: every day is a row per provider and project. */
export const MAX_RECONCILIATION_DAYS = 366;
export const DEFAULT_RECONCILIATION_DAYS = 30;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The last closed UTC day: today is still being billed. */
export const lastClosedDay = (now: Date = new Date()) => addDays(todayUtc(now), -1);

/** Neither date = the last 30 closed days; one alone = 30 days from or up to it. */
function withDefaultRange(value: unknown) {
  if (!value || typeof value !== "object") return value;
  const v = value as Record<string, unknown>;
  const blank = (x: unknown) => x === undefined || (typeof x === "string" && x.trim() === "");
  if (!blank(v.start) && !blank(v.end)) return v;
  const closed = lastClosedDay();
  if (blank(v.start) && blank(v.end)) {
    return { ...v, start: addDays(closed, 1 - DEFAULT_RECONCILIATION_DAYS), end: closed };
  }
  if (blank(v.end)) {
    const start = typeof v.start === "string" ? parseEpochDay(v.start) : null;
    return { ...v, end: start !== null && start > parseEpochDay(closed)! ? v.start : closed };
  }
  const end = typeof v.end === "string" ? parseEpochDay(v.end) : null;
  return { ...v, start: end !== null ? addDays(v.end as string, 1 - DEFAULT_RECONCILIATION_DAYS) : v.end };
}

export const thresholdSchema = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ error: "threshold must be a percent between 0 and 100" })
    .refine((n) => Number.isFinite(n) && n >= 0 && n <= 100, "threshold must be a percent between 0 and 100")
    .optional(),
);

export const reconciliationQuerySchema = z.preprocess(
  withDefaultRange,
  z
    .strictObject({
      start: productDate("start"),
      end: productDate("end"),
      provider: z.preprocess(
        blankToUndefined,
        z.enum(PROVIDER_IDS, { error: `provider must be one of ${PROVIDER_IDS.join(", ")}` }).optional(),
      ),
      projectId: z.preprocess(blankToUndefined, safeText({ field: "projectId", max: 200 }).optional()),
      threshold: thresholdSchema,
    })
    .superRefine((q, ctx) => {
      const [start, end] = [parseEpochDay(q.start), parseEpochDay(q.end)];
      if (start === null || end === null) return;
      if (start > end) {
        ctx.addIssue({ code: "custom", path: ["end"], message: `end must not be before start (${q.start})` });
      } else if (end - start + 1 > MAX_RECONCILIATION_DAYS) {
        ctx.addIssue({
          code: "custom",
          path: ["end"],
          message: `the range may span at most ${MAX_RECONCILIATION_DAYS} days`,
        });
      }
    }),
);

export type ReconciliationQuery = z.output<typeof reconciliationQuerySchema>;
