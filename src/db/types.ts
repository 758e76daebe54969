import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

/** Any of our drivers (PGlite, node-postgres, Neon): query helpers take this as their first argument. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DriverName = "pglite" | "pg" | "neon";

export interface DbHandle {
  db: Db;
  driver: DriverName;
  close(): Promise<void>;
  /** Runs `fn` on one dedicated connection (session-level locks need one); absent on PGlite. */
  exclusive?<T>(fn: (db: Db) => Promise<T>): Promise<T>;
}

/** Rows of a raw `db.execute(sql...)` call: every driver we use returns `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
