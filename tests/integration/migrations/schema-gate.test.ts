/**
 * Schema drift: a database behind the code is refused with 503 "run npm run db:migrate" (checked
 * again after a failure, so migrating heals a running server), and start-up migration is safe
 * when two instances start at once on PostgreSQL (advisory lock).
 */
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "@/db/client";
import { migrateUnderLock } from "@/db/migrate-locked";
import { migrationStatus, MIGRATIONS_FOLDER, readJournal, runMigrations } from "@/db/migrations";
import { assertSchemaCurrent, forgetSchemaCheck } from "@/db/schema-gate";
import { rowsOf, type DbHandle } from "@/db/types";
import { isAppError } from "@/lib/errors";
import { createEmptyTestDb } from "../test-db";

const target = inject("testDb");
const handles: DbHandle[] = [];
afterAll(async () => {
  forgetSchemaCheck();
  for (const h of handles) await h.close();
});

/** drizzle/ with only the first `count` migrations: the schema of an older release. */
function olderMigrations(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cognitrack-gate-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const file = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(file, "utf8")) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(file, JSON.stringify(journal));
  return dir;
}

describe("the schema gate", () => {
  it("refuses a database that is behind with a 503 naming the command, and passes once it is migrated", async () => {
    forgetSchemaCheck();
    const handle = await createEmptyTestDb();
    handles.push(handle);
    await runMigrations(handle, olderMigrations(4));

    let error: unknown;
    await assertSchemaCurrent(handle).catch((e: unknown) => (error = e));
    expect(isAppError(error) && error.code).toBe("SERVICE_UNAVAILABLE");
    expect(isAppError(error) && error.status).toBe(503);
    expect((error as Error).message).toMatch(/run npm run db:migrate/);
    expect((error as Error).message).toMatch(/\(\d+ migration\(s\) pending\)/);

    // The failure is not remembered: migrating the live database heals the next request.
    await runMigrations(handle);
    await expect(assertSchemaCurrent(handle)).resolves.toBeUndefined();
  });

  it("refuses an empty database too (no bookkeeping table at all)", async () => {
    forgetSchemaCheck();
    const handle = await createEmptyTestDb();
    handles.push(handle);
    await expect(assertSchemaCurrent(handle)).rejects.toThrow(/run npm run db:migrate/);
    forgetSchemaCheck();
  });

  it("migrates once under the lock; a second start finds nothing to apply", async () => {
    const handle = await createEmptyTestDb();
    handles.push(handle);
    const first = await migrateUnderLock(handle);
    expect(first.applied).toHaveLength(readJournal().entries.length);
    const second = await migrateUnderLock(handle);
    expect(second.applied).toEqual([]);
    expect((await migrationStatus(handle.db)).current).toBe(true);
  });
});

describe.runIf(target.kind === "pg")("two instances starting together on PostgreSQL", () => {
  it("both start, the migrations are applied exactly once", async () => {
    if (target.kind !== "pg") return;
    const { Client } = await import("pg");
    const name = `cognitrack_gate_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const admin = new Client({ connectionString: target.adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(target.adminUrl);
    url.pathname = `/${name}`;
    try {
      const config = { kind: "pg" as const, url: url.toString(), autoMigrate: true };
      const started = await Promise.allSettled([openDatabase(config), openDatabase(config), openDatabase(config)]);
      const opened = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
      try {
        expect(started.map((s) => (s.status === "rejected" ? String(s.reason) : "ok"))).toEqual(["ok", "ok", "ok"]);
        const status = await migrationStatus(opened[0]!.db);
        expect(status).toMatchObject({ current: true, applied: readJournal().entries.length });
        const count = rowsOf<{ n: number }>(
          await opened[0]!.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
        );
        expect(count[0]!.n).toBe(readJournal().entries.length);
      } finally {
        for (const h of opened) await h.close();
      }
    } finally {
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    }
  });
});
