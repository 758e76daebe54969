/**
 * What `GET /api/audit`, its CSV export and the /settings/audit page accept: a UTC day range
 * (inclusive, either end optional), one action, and for the listing a page size and a cursor
 * (the id of the last entry already shown). Empty values, as an HTML form sends them, mean "any".
 */
import { z } from "zod";
import { productDateProblem } from "@/lib/dates";
import { AUDIT_ACTIONS } from "./audit";

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

const blankAsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const day = (field: string) =>
  z.preprocess(
    blankAsUnset,
    z
      .string({ error: `${field} must be a date written YYYY-MM-DD (UTC)` })
      // The one product date rule: a day past year 9999 once wedged the export's range arithmetic.
      .refine((v) => productDateProblem(v, field) === null, {
        error: (i) => productDateProblem(String(i.input), field)!,
      })
      .optional(),
  );

const filterFields = {
  start: day("start"),
  end: day("end"),
  action: z.preprocess(
    blankAsUnset,
    z.enum(AUDIT_ACTIONS, { error: `action must be one of: ${AUDIT_ACTIONS.join(", ")}` }).optional(),
  ),
};

function orderedRange(v: { start?: string; end?: string }, ctx: z.RefinementCtx) {
  if (v.start && v.end && v.start > v.end) {
    ctx.addIssue({ code: "custom", path: ["end"], message: "end must be on or after start" });
  }
}

/** The CSV export: filters only (a page size or cursor there is a mistake, refused). */
export const auditExportQuerySchema = z.strictObject(filterFields).superRefine(orderedRange);

export const auditQuerySchema = z
  .strictObject({
    ...filterFields,
    cursor: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^[1-9]\d{0,17}$/, { error: "cursor must be the id of an audit entry" })
        .optional(),
    ),
    limit: z.preprocess(
      blankAsUnset,
      z.coerce
        .number({ error: "limit must be a number" })
        .int({ error: "limit must be a whole number" })
        .min(1, { error: "limit must be at least 1" })
        .max(AUDIT_PAGE_MAX, { error: `limit must be at most ${AUDIT_PAGE_MAX}` })
        .optional(),
    ),
  })
  .superRefine(orderedRange);

export type AuditFilters = z.infer<typeof auditExportQuerySchema>;
export type AuditQuery = z.infer<typeof auditQuerySchema>;
