import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "./types";

/**
 * Data steps that drizzle-kit cannot generate, run by runMigrations after it applied something.
 * Each is idempotent and checks that the columns it needs exist (older migration sets in tests).
 */
export async function runDataBackfills(db: Db): Promise<void> {
  await backfillUsageEndpoint(db);
}

/**
 * usage_events.endpoint arrived with the default 'completions'. OpenAI embeddings rows stored
 * before it must say 'embeddings': the dedupe key now includes the endpoint, so the next sync
 * would otherwise store every embeddings bucket a second time.
 */
async function backfillUsageEndpoint(db: Db): Promise<void> {
  const [column] = rowsOf<{ present: boolean }>(
    await db.execute(sql`select exists (select 1 from information_schema.columns
      where table_schema = 'public' and table_name = 'usage_events' and column_name = 'endpoint') as present`),
  );
  if (!column?.present) return;
  await db.execute(
    sql`update usage_events set endpoint = 'embeddings' where source = 'embeddings' and endpoint = 'completions'`,
  );
}
