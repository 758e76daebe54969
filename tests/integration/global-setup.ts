/**
 * Builds one migrated database to copy per test file: a PGlite snapshot (the default) or, when
 * TEST_DATABASE_URL points at a PostgreSQL server, a template database there.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrations";

declare module "vitest" {
  export interface ProvidedContext {
    testDb: { kind: "pglite"; snapshot: string } | { kind: "pg"; adminUrl: string; template: string };
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { Client } = await import("pg");
    const template = `cognitrack_tpl_${process.pid}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const tplUrl = new URL(url);
    tplUrl.pathname = `/${template}`;
    const handle = await openDatabase({ kind: "pg", url: tplUrl.toString(), autoMigrate: false });
    await runMigrations(handle);
    await handle.close();
    project.provide("testDb", { kind: "pg", adminUrl: url, template });
    return async () => {
      await admin.query(`drop database if exists ${template}`);
      await admin.end();
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = await PGlite.create();
  const db = drizzle({ client });
  await runMigrations({ db: db as never, driver: "pglite", close: async () => {} });
  const blob = await client.dumpDataDir("none");
  await client.close();
  const dir = mkdtempSync(path.join(tmpdir(), "cognitrack-test-"));
  const snapshot = path.join(dir, "snapshot.tar");
  writeFileSync(snapshot, Buffer.from(await blob.arrayBuffer()));
  project.provide("testDb", { kind: "pglite", snapshot });
  return () => rmSync(dir, { recursive: true, force: true });
}
