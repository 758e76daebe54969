/**
 * Structured JSON-lines logger. Redaction happens here, by construction: any field whose name
 * looks secret is replaced, any string value that looks like a provider key or bearer token is
 * masked, and a failed query is logged by its SQLSTATE, table and constraint only (never its
 * parameters, message or `detail`, which hold the values), so a caller cannot leak a key by
 * forgetting to scrub it.
 */
import { databaseErrorInfo, describeDatabaseError, isDrizzleQueryError } from "@/db/errors";

type Level = "debug" | "info" | "warn" | "error";
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_FIELD = /(api[-_]?key$|apikey|secret|password|token$|authorization|cookie|ciphertext|plaintext)/i;
// Provider keys, our own API tokens (ct_ + 43 base64url characters) and bearer credentials.
const SECRET_VALUE =
  /\b(sk-(?:admin-|proj-|ant-[a-z0-9]*-|svcacct-)?[A-Za-z0-9_-]{8,})|\b(ct_[A-Za-z0-9_-]{32,})|\b(whsec_[A-Za-z0-9_-]{16,})|(Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g;

export function redactString(value: string): string {
  return value.replace(SECRET_VALUE, (m) => (m.startsWith("Bearer") ? "Bearer [redacted]" : "[redacted-key]"));
}

/** An error as log fields: whitelisted, so no driver or library can add a field that leaks. */
function serializeError(error: Error, depth: number): Record<string, unknown> {
  const db = databaseErrorInfo(error);
  if (db) return { name: "DatabaseError", message: describeDatabaseError(db), ...db };
  // A query error without a server error inside (a dropped connection): the message lists the params.
  if (isDrizzleQueryError(error)) return { name: "DatabaseError", message: "database query failed" };
  const code = (error as { code?: unknown }).code;
  const out: Record<string, unknown> = {
    name: error.name,
    message: redactString(error.message),
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
  };
  if (error.cause !== undefined && depth < 4) out.cause = redact(error.cause, depth + 1);
  return out;
}

/** An error's message, safe to print (CLIs and audit files): failed queries are named, not quoted. */
export function safeErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return redactString(String(error));
  return String(serializeError(error, 0).message);
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[depth]";
  if (typeof value === "string") return redactString(value);
  if (value instanceof Error) return serializeError(value, depth);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // Counters such as inputTokens are numbers, never secrets; only string/object values are masked.
      out[k] =
        SECRET_FIELD.test(k) && typeof v !== "number" && typeof v !== "boolean" ? "[redacted]" : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

let minLevel: Level = "info";
let sink: (line: string) => void = (line) => process.stderr.write(line + "\n");

export function configureLogger(opts: { level?: Level; sink?: (line: string) => void }) {
  if (opts.level) minLevel = opts.level;
  if (opts.sink) sink = opts.sink;
}

function emit(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (LEVELS[level] < LEVELS[minLevel]) return;
  const entry = { ts: new Date().toISOString(), level, msg: redactString(msg), ...(redact(fields ?? {}) as object) };
  sink(JSON.stringify(entry));
}

export const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => emit("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => emit("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => emit("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => emit("error", msg, fields),
};
