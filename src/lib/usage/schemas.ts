import { z } from "zod";
import { productDate } from "@/lib/dates";

export const ingestRequestSchema = z.strictObject({
  start: productDate("start").optional(),
  end: productDate("end").optional(),
});

/** Request-bound ingestion stays short; longer history goes through `npm run usage:backfill`. */
export const API_MAX_DAYS = 92;
