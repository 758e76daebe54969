/**
 * Migrations at start, safe when several instances start together: on PostgreSQL the first one
 * takes a session advisory lock and migrates, the others wait for it and then find nothing to do.
 * (Without it, two instances would both see a migration pending and both try to apply it.)
 * PGlite needs no lock: its data folder is already one process's (pglite-lock.ts).
 */
import { sql } from "drizzle-orm";
import { migrationStatus, runMigrations, MIGRATIONS_FOLDER } from "./migrations";
import type { DbHandle } from "./types";

/** Arbitrary but fixed: every CogniTrack instance must use the same number. ("CgTk") */
export const MIGRATION_LOCK_KEY = 0x4367546b;

export async function migrateUnderLock(handle: DbHandle, folder = MIGRATIONS_FOLDER): Promise<{ applied: string[] }> {
  const migrate = async (session: DbHandle) => {
    const before = await migrationStatus(session.db, folder);
    if (before.pending.length) await runMigrations(session, folder);
    return { applied: before.pending };
  };
  if (handle.driver === "pglite" || !handle.exclusive) return migrate(handle);
  return handle.exclusive(async (db) => {
    const session = { ...handle, db };
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      return await migrate(session);
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}
