/**
 * The one rule for dates people send us (routes, pages, server actions, CLIs): a real UTC
 * calendar date `YYYY-MM-DD` between 2000-01-01 and one year after today. Usage APIs started long
 * after 2000, and nothing is planned further ahead than a year; everything outside is a typo or an
 * attack, and refusing it at the boundary keeps every range computation small.
 */
import { z } from "zod";
import { DAY_MS, parseEpochDay } from "./calendar";

export const FIRST_PRODUCT_DATE = "2000-01-01";
const FIRST_PRODUCT_DAY = parseEpochDay(FIRST_PRODUCT_DATE)!;

/** One calendar year after today (UTC); from Feb 29 that is Mar 1. */
export function lastProductDate(now: Date = new Date()): string {
  const d = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  d.setUTCFullYear(d.getUTCFullYear() + 1, d.getUTCMonth(), d.getUTCDate());
  return d.toISOString().slice(0, 10);
}

/** What is wrong with `value` as `field`, in plain words, or null when it is a product date. */
export function productDateProblem(value: unknown, field: string, now: Date = new Date()): string | null {
  const day = typeof value === "string" ? parseEpochDay(value) : null;
  if (day === null) return `${field} must be a real date written YYYY-MM-DD (UTC)`;
  const last = lastProductDate(now);
  if (day < FIRST_PRODUCT_DAY || day > parseEpochDay(last)!) {
    return `${field} must be a date between ${FIRST_PRODUCT_DATE} and ${last}`;
  }
  return null;
}

export const isProductDate = (value: unknown, now?: Date) => productDateProblem(value, "date", now) === null;

/** Zod schema for a product date; the upper bound is read from the clock at parse time. */
export function productDate(field: string) {
  return z.string({ error: `${field} must be a date written YYYY-MM-DD (UTC)` }).superRefine((value, ctx) => {
    const problem = productDateProblem(value, field);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}
