/**
 * What a failed query may tell a log or a caller, whichever driver threw it. Drizzle wraps driver
 * errors in DrizzleQueryError, whose message and `params` hold every bound value (a provider
 * key's ciphertext, IV and tag included); the driver's own error (pg's or PGlite's DatabaseError)
 * carries `detail` ("Key (id)=(...) already exists") and, on PGlite, `query` and `params` too.
 * Only the fields below are safe: they name the failure, never the data.
 */
export interface DatabaseErrorInfo {
  /** SQLSTATE, e.g. 23505. */
  code: string;
  condition: string;
  table?: string;
  constraint?: string;
  column?: string;
  schema?: string;
  routine?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Names for the SQLSTATEs we meet; the class (first two characters) names the rest. */
const CONDITIONS: Record<string, string> = {
  "22001": "string_data_right_truncation",
  "22003": "numeric_value_out_of_range",
  "22007": "invalid_datetime_format",
  "22008": "datetime_field_overflow",
  "22021": "character_not_in_repertoire",
  "22P02": "invalid_text_representation",
  "23502": "not_null_violation",
  "23503": "foreign_key_violation",
  "23505": "unique_violation",
  "23514": "check_violation",
  "25006": "read_only_sql_transaction",
  "40001": "serialization_failure",
  "40P01": "deadlock_detected",
  "42P01": "undefined_table",
  "42P10": "invalid_column_reference",
  "42703": "undefined_column",
  "42704": "undefined_object",
  "53300": "too_many_connections",
  "55P03": "lock_not_available",
  "57014": "query_canceled",
  "57P01": "admin_shutdown",
};
const CLASSES: Record<string, string> = {
  "08": "connection_exception",
  "22": "data_exception",
  "23": "integrity_constraint_violation",
  "25": "invalid_transaction_state",
  "40": "transaction_rollback",
  "42": "syntax_error_or_access_rule_violation",
  "53": "insufficient_resources",
  "54": "program_limit_exceeded",
  "55": "object_not_in_prerequisite_state",
  "57": "operator_intervention",
  "58": "system_error",
  XX: "internal_error",
};

export const sqlStateCondition = (code: string) => CONDITIONS[code] ?? CLASSES[code.slice(0, 2)] ?? "database_error";

const IDENTIFIER = /^[A-Za-z0-9_.$-]{1,128}$/;
const identifier = (v: unknown) => (typeof v === "string" && IDENTIFIER.test(v) ? v : undefined);

/** True for drizzle's wrapper: its message is "Failed query: ...\nparams: ...". */
export function isDrizzleQueryError(e: unknown): e is Error & { query: string; params: unknown[]; cause?: unknown } {
  return (
    e instanceof Error &&
    (e.constructor?.name === "DrizzleQueryError" ||
      ("query" in e && "params" in e && e.message.startsWith("Failed query:")))
  );
}

/** The driver error inside `e` (itself, or drizzle's cause), as safe fields; null if it is not one. */
export function databaseErrorInfo(e: unknown): DatabaseErrorInfo | null {
  const driver = isDrizzleQueryError(e) ? e.cause : e;
  if (!driver || typeof driver !== "object") return null;
  const d = driver as Record<string, unknown>;
  if (typeof d.code !== "string" || !SQLSTATE.test(d.code)) return null;
  // Node's own errors can have five-letter codes too (EPIPE); only server errors carry a severity.
  if (!("severity" in d) && !("routine" in d)) return null;
  const info: DatabaseErrorInfo = { code: d.code, condition: sqlStateCondition(d.code) };
  for (const field of ["table", "constraint", "column", "schema", "routine"] as const) {
    const value = identifier(d[field]);
    if (value) info[field] = value;
  }
  return info;
}

/** One safe sentence: "unique_violation (23505) on provider_keys, constraint provider_keys_pkey". */
export function describeDatabaseError(info: DatabaseErrorInfo): string {
  const where = [
    info.table && `on ${info.table}`,
    info.column && `column ${info.column}`,
    info.constraint && `constraint ${info.constraint}`,
  ].filter(Boolean);
  return `database error: ${info.condition} (${info.code})${where.length ? ` ${where.join(", ")}` : ""}`;
}

export const isQueryCanceled = (e: unknown) => databaseErrorInfo(e)?.code === "57014";
