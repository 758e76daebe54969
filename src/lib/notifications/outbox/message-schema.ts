import { z } from "zod";
import type { AlertMessage } from "../contract";

/** An outbox row's payload is checked before it is sent: a malformed one is dead-lettered, not retried. */
export const alertMessageSchema: z.ZodType<AlertMessage> = z.object({
  kind: z.enum(["budget_threshold", "anomaly", "certificate_expiry", "test"]),
  title: z.string().min(1).max(300),
  text: z.string().max(5000),
  url: z.url().optional(),
  facts: z.record(z.string(), z.string()),
});
