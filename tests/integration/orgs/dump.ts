import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";

/** Every row of every table in the public schema as text: for "this secret is nowhere" checks. */
export async function dumpAllTables(db: Db): Promise<string> {
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
  ).map((r) => r.table_name);
  if (tables.length < 10) throw new Error(`expected the app's tables, found ${tables.length}`);
  const parts: string[] = [];
  for (const table of tables) {
    const rows = rowsOf<{ dump: string | null }>(
      await db.execute(sql.raw(`select string_agg(t::text, E'\\n') as dump from "${table}" t`)),
    );
    parts.push(`${table}: ${rows[0]?.dump ?? ""}`);
  }
  return parts.join("\n");
}
