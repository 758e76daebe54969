/**
 * The one rule for text people send us. Postgres cannot store NUL (a query holding one fails
 * with a 500), control characters break headers, logs and CSV rows, and a lone UTF-16 surrogate
 * becomes U+FFFD on the way to UTF-8, so two different inputs would silently become one. Every
 * string input at a boundary (body, query, search params, CLI option) goes through here.
 */
import { z } from "zod";

export interface SafeTextOptions {
  /** Name used in messages: "label must not contain control characters". */
  field: string;
  max: number;
  min?: number;
  /** Trim surrounding spaces (default true); passwords keep theirs. */
  trim?: boolean;
  /** Multi-line fields may hold LF, CR and TAB; single-line fields (the default) may not. */
  multiline?: boolean;
}

// C0 controls (NUL..US), DEL and C1 controls; U+2028/U+2029 break lines like LF does.
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with `value` under the rule (length aside), in plain words, or null. */
export function textProblem(value: string, opts: Pick<SafeTextOptions, "field" | "multiline">): string | null {
  if ((opts.multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE).test(value)) {
    return opts.multiline
      ? `${opts.field} must not contain control characters`
      : `${opts.field} must not contain control characters (including line breaks and tabs)`;
  }
  if (LONE_SURROGATE.test(value)) return `${opts.field} must be valid Unicode text (it holds a broken character)`;
  return null;
}

/** A zod string under the rule; chain `.optional()`, `.pipe(...)` and so on as usual. */
export function safeText(opts: SafeTextOptions) {
  const { field, max, min, trim = true } = opts;
  let schema = z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
    .superRefine((value, ctx) => {
      const problem = textProblem(value, opts);
      if (problem) ctx.addIssue({ code: "custom", message: problem, continue: false });
    });
  if (trim) schema = schema.trim();
  if (min !== undefined) {
    schema = schema.min(min, {
      error: min === 1 ? `${field} must not be empty` : `${field} must be at least ${min} characters`,
    });
  }
  return schema.max(max, { error: `${field} must be at most ${max} characters` });
}
