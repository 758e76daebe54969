import type { z } from "zod";
import { AppError } from "./errors";

/** One readable sentence from a zod error: "label: too short; unknown field: foo". */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      if (i.code === "unrecognized_keys") return `unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}`;
      const where = i.path.length ? i.path.join(".") : "";
      return where ? `${where}: ${i.message}` : i.message;
    })
    .join("; ");
}

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError("VALIDATION_FAILED", `Invalid ${where}: ${formatZodError(result.error)}`);
  }
  return result.data;
}
