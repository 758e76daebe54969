/**
 * Every dashboard and API read runs inside a read-only transaction whose statements PostgreSQL
 * cancels after ANALYTICS_STATEMENT_TIMEOUT_MS, so one expensive view cannot hold a connection
 * (and the pool behind it) for minutes. A cancelled read becomes a 503 that says what to do.
 * PGlite accepts the setting but cannot enforce it (WebAssembly has no timer signal to cancel a
 * running statement): there, the range caps and rollup cubes are what keep reads short.
 */
import { sql } from "drizzle-orm";
import { isQueryCanceled } from "@/db/errors";
import type { Db } from "@/db/types";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";

export const READ_TIMEOUT_MESSAGE = "This view took too long; narrow the date range or add a filter, then try again.";

export interface ReadTimeoutOptions {
  /** Overrides the configured limit (tests); 0 = none. */
  statementTimeoutMs?: number;
}

export async function withReadTimeout<T>(
  db: Db,
  options: ReadTimeoutOptions,
  read: (tx: Db) => Promise<T>,
): Promise<T> {
  const ms = options.statementTimeoutMs ?? getConfig().analytics.statementTimeoutMs;
  try {
    return await db.transaction(
      async (tx) => {
        // set_config(..., true) is SET LOCAL with a bind parameter: it ends with the transaction.
        await tx.execute(sql`select set_config('statement_timeout', ${String(ms)}, true)`);
        return await read(tx as unknown as Db);
      },
      { accessMode: "read only" },
    );
  } catch (e) {
    if (isQueryCanceled(e)) throw new AppError("SERVICE_UNAVAILABLE", READ_TIMEOUT_MESSAGE, { cause: e });
    throw e;
  }
}
