import { mkdirSync } from "node:fs";
import path from "node:path";
import type { AppConfig } from "@/lib/env";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { migrateUnderLock } from "./migrate-locked";
import { acquirePgliteLock } from "./pglite-lock";
import { assertSchemaCurrent } from "./schema-gate";
import * as schema from "./schema";
import type { Db, DbHandle } from "./types";

type DatabaseConfig = AppConfig["database"];

export async function openDatabase(config: DatabaseConfig): Promise<DbHandle> {
  let handle: DbHandle;
  if (config.kind === "pglite") {
    const dataDir = path.resolve(config.dataDir);
    const release = acquirePgliteLock(dataDir);
    try {
      // PGlite does not create the parents of its data folder.
      mkdirSync(path.dirname(dataDir), { recursive: true });
      const { PGlite } = await import("@electric-sql/pglite");
      const { drizzle } = await import("drizzle-orm/pglite");
      const client = await PGlite.create(dataDir);
      handle = {
        db: drizzle({ client, schema }) as unknown as Db,
        driver: "pglite",
        close: async () => {
          await client.close();
          release();
        },
      };
    } catch (e) {
      release();
      throw e;
    }
  } else if (config.kind === "neon") {
    const { Pool, neonConfig } = await import("@neondatabase/serverless");
    const { default: ws } = await import("ws");
    neonConfig.webSocketConstructor = ws;
    const { drizzle } = await import("drizzle-orm/neon-serverless");
    const pool = new Pool({ connectionString: config.url });
    handle = {
      db: drizzle({ client: pool, schema }) as unknown as Db,
      driver: "neon",
      close: () => pool.end(),
      exclusive: async (fn) => {
        const client = await pool.connect();
        try {
          return await fn(drizzle({ client, schema }) as unknown as Db);
        } finally {
          client.release();
        }
      },
    };
  } else {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({ connectionString: config.url, max: 10 });
    handle = {
      db: drizzle({ client: pool, schema }) as unknown as Db,
      driver: "pg",
      close: () => pool.end(),
      exclusive: async (fn) => {
        const client = await pool.connect();
        try {
          return await fn(drizzle({ client, schema }) as unknown as Db);
        } finally {
          client.release();
        }
      },
    };
  }
  if (config.autoMigrate) {
    try {
      await migrateUnderLock(handle);
    } catch (e) {
      await handle.close().catch(() => undefined);
      throw e;
    }
  }
  return handle;
}

const globalForDb = globalThis as unknown as { __cognitrackDb?: Promise<DbHandle> };

/** The process-wide database (kept on globalThis so dev-mode reloads do not open it twice). */
export function getDbHandle(): Promise<DbHandle> {
  if (!globalForDb.__cognitrackDb) {
    const config = getConfig().database;
    globalForDb.__cognitrackDb = openDatabase(config).catch((e: unknown) => {
      globalForDb.__cognitrackDb = undefined;
      logger.error("database open failed", { error: e });
      throw e;
    });
  }
  return globalForDb.__cognitrackDb;
}

/**
 * The database, once its schema is known to be current (checked once per process, again after a
 * failure): a server whose schema is behind answers 503 "run npm run db:migrate", never a 500.
 */
export async function getDb(): Promise<Db> {
  const handle = await getDbHandle();
  if (!getConfig().database.autoMigrate) await assertSchemaCurrent(handle);
  return handle.db;
}

export async function closeDb() {
  const pending = globalForDb.__cognitrackDb;
  globalForDb.__cognitrackDb = undefined;
  if (pending) await (await pending).close();
}
