import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { readJournal } from "@/db/migrations";

export interface PreflightResult {
  ok: boolean;
  /** Set when a table the run needs is missing: the run stops before fetching anything. */
  missing?: string;
  /** The dedupe index is gone: upserts fall back to the manual path. */
  dedupeIndexPresent: boolean;
}

const REQUIRED_TABLES = ["users", "provider_keys", "usage_events", "ingestion_runs", "provider_catalog"] as const;

/** Checks the schema once per run, so a missing migration is reported up front, not mid-run. */
export async function preflightSchema(db: Db): Promise<PreflightResult> {
  const tables = rowsOf<{ name: string; present: boolean }>(
    await db.execute(sql`
      select t.name, to_regclass('public.' || t.name) is not null as present
      from unnest(${sql.param([...REQUIRED_TABLES])}::text[]) as t(name)`),
  );
  const absent = tables.filter((t) => !t.present).map((t) => t.name);
  if (absent.length > 0) {
    const latest = readJournal().entries.at(-1)?.tag ?? "the latest migration";
    return {
      ok: false,
      missing: `Table${absent.length > 1 ? "s" : ""} ${absent.join(", ")} missing: the database is not migrated (apply ${latest} with \`npm run db:migrate\`).`,
      dedupeIndexPresent: false,
    };
  }
  const [index] = rowsOf<{ present: boolean }>(
    await db.execute(sql`select to_regclass('public.usage_admin_bucket_idx') is not null as present`),
  );
  return { ok: true, dedupeIndexPresent: Boolean(index?.present) };
}
