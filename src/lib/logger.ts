/**
 * Structured JSON-lines logger. Redaction happens here, by construction: any field whose name
 * looks secret is replaced, and any string value that looks like a provider key or bearer token
 * is masked, so a caller cannot leak a key by forgetting to scrub it.
 */
type Level = "debug" | "info" | "warn" | "error";
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_FIELD = /(api[-_]?key$|apikey|secret|password|token$|authorization|cookie|ciphertext|plaintext)/i;
// Provider keys, our own API tokens (ct_ + 43 base64url characters) and bearer credentials.
const SECRET_VALUE =
  /\b(sk-(?:admin-|proj-|ant-[a-z0-9]*-|svcacct-)?[A-Za-z0-9_-]{8,})|\b(ct_[A-Za-z0-9_-]{32,})|(Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g;

export function redactString(value: string): string {
  return value.replace(SECRET_VALUE, (m) => (m.startsWith("Bearer") ? "Bearer [redacted]" : "[redacted-key]"));
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[depth]";
  if (typeof value === "string") return redactString(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message), code: (value as { code?: unknown }).code };
  }
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
