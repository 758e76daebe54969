import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db/client";
import { migrationStatus } from "@/db/migrations";
import { getConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";

export async function healthStatus() {
  const config = getConfig();
  const base = { authMode: config.auth.mode, databaseDriver: config.database.kind };
  try {
    const { db, driver } = await getDbHandle();
    await db.execute(sql`select 1`);
    const migrations = await migrationStatus(db);
    return {
      status: migrations.current ? ("ok" as const) : ("degraded" as const),
      ...base,
      databaseDriver: driver,
      database: { reachable: true },
      migrations,
    };
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
