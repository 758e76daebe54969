/**
 * A server whose database schema is behind its code must not serve: every query could fail in its
 * own way (sign-up became a bare 500). The check runs once per process and again after a failure,
 * so running `npm run db:migrate` heals a running server without a restart.
 */
import { AppError } from "@/lib/errors";
import { migrationStatus } from "./migrations";
import type { DbHandle } from "./types";

export const SCHEMA_BEHIND_HINT = "run npm run db:migrate";

export function schemaBehindError(pending: string[]): AppError {
  return new AppError(
    "SERVICE_UNAVAILABLE",
    `The database schema is behind this version of CogniTrack (${pending.length} migration(s) pending): ${SCHEMA_BEHIND_HINT}, or start with DB_AUTO_MIGRATE=true.`,
    { details: { pending } },
  );
}

const globalForGate = globalThis as unknown as { __cognitrackSchemaChecked?: Promise<void> };

/** Resolves when the schema is current; throws the 503 AppError naming the command when it is not. */
export function assertSchemaCurrent(handle: DbHandle): Promise<void> {
  globalForGate.__cognitrackSchemaChecked ??= (async () => {
    const status = await migrationStatus(handle.db);
    if (!status.current) throw schemaBehindError(status.pending);
  })().catch((e: unknown) => {
    globalForGate.__cognitrackSchemaChecked = undefined;
    throw e;
  });
  return globalForGate.__cognitrackSchemaChecked;
}

/** For tests and after migrating in-process: check again on next use. */
export function forgetSchemaCheck() {
  globalForGate.__cognitrackSchemaChecked = undefined;
}
