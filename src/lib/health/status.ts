import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db/client";
import { migrationStatus } from "@/db/migrations";
import { schemaBehindError } from "@/db/schema-gate";
import { getConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";

/** Said on every health answer of a server on the embedded database: it cannot be scaled out. */
export const EMBEDDED_DATABASE_NOTE = "embedded database: one instance only";

export async function healthStatus() {
  const config = getConfig();
  const base = {
    authMode: config.auth.mode,
    databaseDriver: config.database.kind,
    ...(config.database.kind === "pglite" ? { note: EMBEDDED_DATABASE_NOTE } : {}),
  };
  try {
    const { db, driver } = await getDbHandle();
    await db.execute(sql`select 1`);
    const migrations = await migrationStatus(db);
    if (!migrations.current) {
      // The server refuses every other request until the schema is current (src/db/schema-gate.ts).
      return {
        status: "error" as const,
        ...base,
        databaseDriver: driver,
        database: { reachable: true, message: schemaBehindError(migrations.pending).message },
        migrations,
      };
    }
    return { status: "ok" as const, ...base, databaseDriver: driver, database: { reachable: true }, migrations };
  } catch (e) {
    return {
      status: "error" as const,
      ...base,
      database: {
        reachable: false,
        message: isAppError(e) ? e.message : "The database could not be reached; see the server log.",
      },
    };
  }
}
