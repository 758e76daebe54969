/** `npm run db:migrate`: applies drizzle/ migrations to the configured database (PGlite or DATABASE_URL). */
import { migrationStatus, runMigrations } from "@/db/migrations";
import { getConfig } from "@/lib/env";
import { loadCliEnv, runCli, withDatabase } from "./lib/runtime";

runCli(async () => {
  if (process.argv.includes("--help")) {
    console.log(
      "Usage: npm run db:migrate\nApplies pending migrations to DATABASE_URL, or to the embedded PGlite database.",
    );
    return;
  }
  loadCliEnv();
  const target = getConfig().database;
  await withDatabase(async (handle) => {
    const before = await migrationStatus(handle.db);
    await runMigrations(handle);
    const after = await migrationStatus(handle.db);
    const where = target.kind === "pglite" ? `embedded database (${target.dataDir})` : `${target.kind} database`;
    console.log(
      before.pending.length
        ? `Applied ${before.pending.length} migration(s) to the ${where}: ${before.pending.join(", ")}.`
        : `The ${where} is up to date (${after.applied} migrations).`,
    );
  });
});
