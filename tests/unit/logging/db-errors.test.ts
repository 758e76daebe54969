import { DrizzleQueryError } from "drizzle-orm/errors";
import { DatabaseError } from "pg";
import { describe, expect, it } from "vitest";
import { databaseErrorInfo } from "@/db/errors";
import { AppError } from "@/lib/errors";
import { configureLogger, logger, redact, safeErrorMessage } from "@/lib/logger";

const CIPHERTEXT = "q83vEjRWeJCrzd7wEjRWeJCrzd7w";
const IV = "AAECAwQFBgcICQoL";
const TAG = "8J+Ys2hlbGxvIHdvcmxk";

/** What pg throws for a unique violation, inside drizzle's wrapper, as an insert of a key would. */
function failedKeyInsert(): DrizzleQueryError {
  const driver = new DatabaseError('duplicate key value violates unique constraint "provider_keys_pkey"', 120, "error");
  Object.assign(driver, {
    severity: "ERROR",
    code: "23505",
    detail: `Key (id)=(${CIPHERTEXT}) already exists.`,
    schema: "public",
    table: "provider_keys",
    constraint: "provider_keys_pkey",
    routine: "_bt_check_unique",
    // PGlite's errors carry these as well.
    query: 'insert into "provider_keys" ("ciphertext", "iv", "auth_tag") values ($1, $2, $3)',
    params: [CIPHERTEXT, IV, TAG],
  });
  return new DrizzleQueryError(
    'insert into "provider_keys" ("ciphertext", "iv", "auth_tag") values ($1, $2, $3)',
    [CIPHERTEXT, IV, TAG],
    driver,
  );
}

function logged(fields: Record<string, unknown>): string {
  const lines: string[] = [];
  configureLogger({ level: "debug", sink: (l) => lines.push(l) });
  logger.error("request failed", fields);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe("database errors in logs", () => {
  it("log SQLSTATE, table and constraint, never the parameters, the query or the detail", () => {
    const line = logged({ error: failedKeyInsert() });
    for (const secret of [CIPHERTEXT, IV, TAG, "params", "Failed query", "already exists", "values ($1"]) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line).error).toEqual({
      name: "DatabaseError",
      message: "database error: unique_violation (23505) on provider_keys, constraint provider_keys_pkey",
      code: "23505",
      condition: "unique_violation",
      table: "provider_keys",
      constraint: "provider_keys_pkey",
      schema: "public",
      routine: "_bt_check_unique",
    });
  });

  it("stay safe when wrapped in an AppError cause, nested in fields, or printed by a CLI", () => {
    const wrapped = new AppError("INTERNAL", "Saving the key failed.", { cause: failedKeyInsert() });
    const line = logged({ error: wrapped, context: { attempts: [failedKeyInsert()] } });
    expect(line).not.toContain(CIPHERTEXT);
    expect(JSON.parse(line).error.cause.code).toBe("23505");
    expect(safeErrorMessage(failedKeyInsert())).toBe(
      "database error: unique_violation (23505) on provider_keys, constraint provider_keys_pkey",
    );
  });

  it("hide a failed query even when no server error is inside (a dropped connection)", () => {
    const dropped = new DrizzleQueryError("select $1", [CIPHERTEXT], new Error("Connection terminated"));
    expect(JSON.stringify(redact(dropped))).not.toContain(CIPHERTEXT);
    expect(redact(dropped)).toEqual({ name: "DatabaseError", message: "database query failed" });
  });

  it("tell server errors from Node's own (EPIPE is five letters too) and keep ordinary errors readable", () => {
    const epipe = Object.assign(new Error("write EPIPE"), { code: "EPIPE", syscall: "write" });
    expect(databaseErrorInfo(epipe)).toBeNull();
    expect(redact(epipe)).toEqual({ name: "Error", message: "write EPIPE", code: "EPIPE" });
    const withCause = new Error("fetch failed", {
      cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
    });
    expect(redact(withCause)).toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
  });
});
