import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { runDataBackfills } from "./data-backfills";
import { databaseErrorInfo } from "./errors";
import { rowsOf, type Db, type DbHandle } from "./types";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

export function readJournal(folder = MIGRATIONS_FOLDER): Journal {
  return JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as Journal;
}

export async function runMigrations(handle: DbHandle, folder = MIGRATIONS_FOLDER) {
  const config = { migrationsFolder: folder };
  const pendingBefore = (await migrationStatus(handle.db, folder)).pending.length;
  await applyMigrations(handle, config);
  if (pendingBefore > 0) await runDataBackfills(handle.db);
}

async function applyMigrations(handle: DbHandle, config: { migrationsFolder: string }) {
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, config);
  } else if (handle.driver === "neon") {
    const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
    await migrate(handle.db as never, config);
  } else {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(handle.db as never, config);
  }
}

export interface MigrationStatus {
  applied: number;
  expected: number;
  current: boolean;
  pending: string[];
}

/** Compares drizzle's bookkeeping table with the journal shipped in drizzle/. */
export async function migrationStatus(db: Db, folder = MIGRATIONS_FOLDER): Promise<MigrationStatus> {
  const journal = readJournal(folder);
  let appliedAt: number[] = [];
  try {
    const result = await db.execute(sql`select created_at from drizzle.__drizzle_migrations`);
    appliedAt = rowsOf<{ created_at: string | number }>(result).map((r) => Number(r.created_at));
  } catch (e) {
    // No bookkeeping table (or schema) yet means nothing applied; any other failure is not an answer.
    const code = databaseErrorInfo(e)?.code;
    if (code !== "42P01" && code !== "3F000") throw e;
    appliedAt = [];
  }
  const applied = new Set(appliedAt);
  const pending = journal.entries.filter((e) => !applied.has(e.when)).map((e) => e.tag);
  return { applied: applied.size, expected: journal.entries.length, current: pending.length === 0, pending };
}
