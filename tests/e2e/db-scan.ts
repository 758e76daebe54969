/**
 * Looks through every text-like column (text, varchar, json, jsonb) of every table in a stopped
 * app's database for provider keys in clear: the exact keys the suite used, and anything shaped like
 * an unmasked Anthropic Admin key. Stored keys are encrypted; only a masked form
 * (`sk-ant-admin01-...ey-1`) may appear anywhere in clear.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { Finding, KnownSecret } from "./log-scan";

export const PLAINTEXT_KEY_PATTERNS: { what: string; pattern: RegExp }[] = [
  { what: "an Anthropic Admin key in clear", pattern: /sk-ant-admin\d*-(?!\.\.\.)[A-Za-z0-9_-]{6,}/g },
  { what: "an OpenAI admin key in clear", pattern: /sk-admin-(?!\.\.\.)[A-Za-z0-9_-]{6,}/g },
];

export async function textColumns(db: Db): Promise<{ table: string; column: string }[]> {
  return rowsOf<{ table: string; column: string }>(
    await db.execute(sql`
      select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY')
      order by table_name, ordinal_position`),
  );
}

export async function scanDatabaseText(db: Db, label: string, known: KnownSecret[]) {
  const columns = await textColumns(db);
  const findings: Finding[] = [];
  let cells = 0;
  for (const { table, column } of columns) {
    const values = rowsOf<{ v: string | null }>(
      await db.execute(sql`select ${sql.identifier(column)}::text as v from ${sql.identifier(table)}`),
    );
    for (const { v } of values) {
      if (v === null) continue;
      cells++;
      const where = { file: `${label}:${table}.${column}`, line: 0, excerpt: "(value not shown)" };
      for (const k of known) if (k.value.length >= 8 && v.includes(k.value)) findings.push({ ...where, what: k.what });
      for (const { what, pattern } of PLAINTEXT_KEY_PATTERNS) {
        if (v.match(pattern)) findings.push({ ...where, what });
      }
    }
  }
  return { findings, columns: columns.length, cells };
}
