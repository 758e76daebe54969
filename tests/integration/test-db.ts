import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import * as schema from "@/db/schema";
import type { Db, DbHandle } from "@/db/types";
import type { Role } from "@/lib/orgs/roles";
import type { Actor, OrgSummary } from "@/lib/orgs/types";

/** A fresh, migrated database for one test file: a PGlite copy or a new database from the template. */
export async function createTestDb(): Promise<DbHandle> {
  const target = inject("testDb");
  if (target.kind === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const client = await PGlite.create({ loadDataDir: new Blob([readFileSync(target.snapshot)]) });
    return { db: drizzle({ client, schema }) as unknown as Db, driver: "pglite", close: () => client.close() };
  }
  const { Client, Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const name = `cognitrack_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new Client({ connectionString: target.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${target.template}`);
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: 5 });
  return {
    db: drizzle({ client: pool, schema }) as unknown as Db,
    driver: "pg",
    close: async () => {
      await pool.end();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

/** An empty database (no migrations applied), for migration tests. */
export async function createEmptyTestDb(): Promise<DbHandle> {
  const target = inject("testDb");
  if (target.kind === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const client = await PGlite.create();
    return { db: drizzle({ client, schema }) as unknown as Db, driver: "pglite", close: () => client.close() };
  }
  const { Client, Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const name = `cognitrack_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new Client({ connectionString: target.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: 2 });
  return {
    db: drizzle({ client: pool, schema }) as unknown as Db,
    driver: "pg",
    close: async () => {
      await pool.end();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

let counter = 0;
/** Each suite mints its own users: never wipe a table globally. */
export async function createTestUser(db: Db, label = "user") {
  const email = `${label}-${Date.now()}-${counter++}-${randomUUID().slice(0, 6)}@test.example`;
  const [row] = await db.insert(schema.users).values({ email }).returning();
  return row!;
}

/** The Actor a signed-in member would be, for calling src/lib functions directly. */
export function actorFor(
  user: { id: string; email: string; name?: string | null },
  org: OrgSummary,
  role: Role,
): Actor {
  return {
    user: { id: user.id, email: user.email, name: user.name ?? null },
    userId: user.id,
    orgId: org.id,
    org,
    role,
    via: "session",
  };
}

/** A new member of `org` with `role`. */
export async function addTestMember(db: Db, org: OrgSummary, role: Role, label: string = role) {
  const user = await createTestUser(db, label);
  await db.insert(schema.memberships).values({ orgId: org.id, userId: user.id, role });
  return { user, actor: actorFor(user, org, role) };
}

/**
 * A fresh organization with one member of `role` (its owner by default). Every suite mints its
 * own: nothing depends on rows another test left behind.
 */
export async function createTestOrg(db: Db, role: Role = "owner", label = "org") {
  const [row] = await db
    .insert(schema.organizations)
    .values({ name: `${label} ${counter++} ${randomUUID().slice(0, 6)}` })
    .returning();
  const org: OrgSummary = { id: row!.id, name: row!.name, personal: row!.personal };
  const { user, actor } = await addTestMember(db, org, role, label);
  return { org, orgId: org.id, user, actor };
}
