import { z } from "zod";

export const utcDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date written YYYY-MM-DD (UTC)" });

export const ingestRequestSchema = z.strictObject({
  start: utcDate.optional(),
  end: utcDate.optional(),
});

/** Request-bound ingestion stays short; longer history goes through `npm run usage:backfill`. */
export const API_MAX_DAYS = 92;
