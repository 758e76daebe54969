import type { z } from "zod";
import { AppError } from "./errors";

/** A field name the client sent, made safe to echo: no control characters, at most 40 characters. */
function echoName(key: string): string {
  const clean = key.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/g, "?");
  return clean.length > 40 ? `${clean.slice(0, 40)}...` : clean;
}

/** One readable sentence from a zod error: "label must not be empty; unknown field: foo". */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      if (i.code === "unrecognized_keys") {
        return `unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.slice(0, 5).map(echoName).join(", ")}`;
      }
      const where = i.path.length ? i.path.map(String).join(".") : "";
      // Messages that already name their field ("start must be ...") need no "start: " in front.
      if (!where || i.message.startsWith(`${String(i.path.at(-1))} `)) return i.message;
      return `${where}: ${i.message}`;
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
