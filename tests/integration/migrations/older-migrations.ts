/** A copy of drizzle/ whose journal stops at an older migration: the schema of an older release. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MIGRATIONS_FOLDER } from "@/db/migrations";

/** Migrations up to and including the one numbered `last` ("0006"). Remove the folder when done. */
export function migrationsThrough(last: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cognitrack-migrations-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag.slice(0, 4) <= last);
  if (journal.entries.at(-1)?.tag.slice(0, 4) !== last) throw new Error(`expected the journal to reach ${last}`);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}
