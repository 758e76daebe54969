import type { z } from "zod";
import { ProviderError } from "@/lib/providers/types";

/** Parses or throws MALFORMED_RESPONSE naming the first offending fields, e.g. `data[0].results[2].input_tokens`. */
export function parseProviderBody<S extends z.ZodType>(
  providerName: string,
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${formatPath(i.path) || "(root)"}: ${i.message}`);
  const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : "";
  throw new ProviderError(
    "MALFORMED_RESPONSE",
    `${providerName} returned ${what} in an unexpected shape: ${issues.join("; ")}${more}.`,
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
}
