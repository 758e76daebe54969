/**
 * A fresh, migrated database that disappears afterwards: a PGlite folder under the OS temp dir, or a
 * new database created on the PostgreSQL server a URL points at (dropped on close). Used by the
 * ingestion spike and the ingestion benchmark, which must never write into a developer's own data.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { rowsOf, type DbHandle } from "@/db/types";
import { getConfig } from "@/lib/env";
import { loadCliEnv } from "../../lib/runtime";

export interface ThrowawayDatabase extends DbHandle {
  kind: "pglite" | "postgresql";
  /** Where it lives, for messages: a temp folder or a database name (never a password). */
  where: string;
}

export async function openThrowawayDatabase(opts: { label: string; databaseUrl?: string }): Promise<ThrowawayDatabase> {
  const label = opts.label.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  if (!opts.databaseUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), `cognitrack-${label}-`));
    try {
      const handle = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite"), autoMigrate: true });
      return {
        ...handle,
        kind: "pglite",
        where: dir,
        close: async () => {
          try {
            await handle.close();
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  const { Client } = await import("pg");
  const name = `cognitrack_${label}_${randomBytes(5).toString("hex")}`;
  const admin = new Client({ connectionString: opts.databaseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } catch (e) {
    await admin.end();
    throw e;
  }
  const dropIt = async () => {
    try {
      // pool.end() resolves before the server has seen every Terminate; forcing the drop while a
      // socket is still open makes that client emit an unhandled 57P01. Wait for them to go.
      for (let i = 0; i < 50; i++) {
        const { rows } = await admin.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where datname = $1",
          [name],
        );
        if (rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await admin.query(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end();
    }
  };
  const url = new URL(opts.databaseUrl);
  url.pathname = `/${name}`;
  let handle: DbHandle;
  try {
    handle = await openDatabase({ kind: "pg", url: url.toString(), autoMigrate: true });
  } catch (e) {
    await dropIt();
    throw e;
  }
  return {
    ...handle,
    kind: "postgresql",
    where: `database ${name} on ${url.host}`,
    close: async () => {
      try {
        await handle.close();
      } finally {
        await dropIt();
      }
    },
  };
}

/** `PostgreSQL 15.14 (Debian ...)` -> `15.14`; PGlite reports the Postgres version it embeds. */
export async function serverVersion(handle: DbHandle): Promise<string> {
  const [row] = rowsOf<{ v: string }>(await handle.db.execute(sql`select current_setting('server_version') as v`));
  return String(row?.v ?? "unknown").split(" ")[0]!;
}

/**
 * Harness environment: a fresh encryption key (nothing stored outlives the run) and the database to
 * use: `--database-url`, else DATABASE_URL, else undefined for a throwaway PGlite.
 */
export function loadHarnessEnv(databaseUrlArg?: string): string | undefined {
  loadCliEnv({
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ENCRYPTION_KEY_VERSION: "1",
    ENCRYPTION_PREVIOUS_KEYS: "",
  });
  const configured = getConfig().database;
  return databaseUrlArg ?? (configured.kind === "pglite" ? undefined : configured.url);
}
