/**
 * Every row that belongs to a provider account references it by (org_id, account_id) (migration
 * 0011): a row can not be filed under another organization than its account's, and deleting the
 * account or the organization still removes every such row. The tables are filled by a real cron
 * run against the emulator, so each of them is checked holding the rows the product writes.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { databaseErrorInfo } from "@/db/errors";
import { rowsOf, type DbHandle } from "@/db/types";
import { deleteAccount } from "@/lib/accounts/delete";
import { runDailyUsage } from "@/lib/cron/daily-usage";
import { createTestDb } from "../test-db";
import { emulatorConfig, orgWithAdminKey, startTestEmulator } from "../ingestion/harness";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;
let emulator: EmulatorHandle;
type Org = Awaited<ReturnType<typeof orgWithAdminKey>>;
let owner: Org;
let bystander: Org;
let leaving: Org;

/** Every foreign key that points at provider_accounts, with the columns it uses on each side. */
async function accountForeignKeys() {
  return rowsOf<{ table: string; name: string; columns: string; referenced: string }>(
    await handle.db.execute(sql`
      select c.conrelid::regclass::text as table, c.conname as name,
        (select string_agg(a.attname, ',' order by k.i) from unnest(c.conkey) with ordinality k(n, i)
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as columns,
        (select string_agg(a.attname, ',' order by k.i) from unnest(c.confkey) with ordinality k(n, i)
          join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as referenced
      from pg_constraint c
      where c.contype = 'f' and c.confrelid = 'provider_accounts'::regclass
      order by 1`),
  );
}

/** Tables with both org_id and account_id columns: the ones the composite key must cover. */
async function accountOwnedTables() {
  const rows = rowsOf<{ table: string }>(
    await handle.db.execute(sql`
      select table_name as table from information_schema.columns
      where table_schema = 'public' and column_name in ('org_id', 'account_id')
      group by table_name having count(*) = 2 order by 1`),
  );
  return rows.map((r) => r.table);
}

async function count(table: string, accountId: string) {
  const [row] = rowsOf<{ n: number }>(
    await handle.db.execute(
      sql`select count(*)::int as n from ${sql.identifier(table)} where account_id = ${accountId}::uuid`,
    ),
  );
  return Number(row!.n);
}

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startTestEmulator();
  owner = await orgWithAdminKey(handle.db, emulator);
  bystander = await orgWithAdminKey(handle.db, emulator);
  leaving = await orgWithAdminKey(handle.db, emulator);
  const summary = await runDailyUsage(
    handle.db,
    { concurrency: 3, deadline: Date.now() + 60_000 },
    { config: emulatorConfig(emulator), now: () => Date.parse("2026-10-31T12:00:00Z") },
  );
  expect(summary.organizations).toMatchObject({ completed: 3, failed: 0 });
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

describe(`rows belong to their account's organization, on ${DB}`, () => {
  it("every table with org_id and account_id references provider_accounts by both, and nothing else does", async () => {
    const tables = await accountOwnedTables();
    expect(tables.length).toBeGreaterThanOrEqual(17);
    const keys = await accountForeignKeys();
    const composite = keys.filter((k) => k.columns === "org_id,account_id");
    expect(composite.every((k) => k.referenced === "org_id,id" && k.name === `${k.table}_account_fk`)).toBe(true);
    expect(composite.map((k) => k.table)).toEqual(tables);
    // Only tables without an org_id of their own reference the account alone.
    for (const k of keys.filter((k) => k.columns !== "org_id,account_id")) expect(tables).not.toContain(k.table);
    const orgKeys = rowsOf<{ table: string }>(
      await handle.db.execute(sql`select conrelid::regclass::text as table from pg_constraint
        where contype = 'f' and confrelid = 'organizations'::regclass`),
    ).map((r) => r.table);
    expect(orgKeys.filter((t) => tables.includes(t))).toEqual([]);
  });

  it("the cron filled every one of those tables for the account, and each refuses another organization's id", async () => {
    for (const table of await accountOwnedTables()) {
      expect(await count(table, owner.key.accountId), table).toBeGreaterThan(0);
      const refused = await handle.db
        .execute(
          sql`update ${sql.identifier(table)} set org_id = ${bystander.orgId}::uuid
            where account_id = ${owner.key.accountId}::uuid`,
        )
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(databaseErrorInfo(refused), table).toMatchObject({ code: "23503", constraint: `${table}_account_fk` });
    }
  });

  it("deleting the account deletes its rows in every table, and only its rows", async () => {
    await deleteAccount(handle.db, owner.actor, owner.key.accountId, { confirm: owner.key.label });
    for (const table of await accountOwnedTables()) {
      expect(await count(table, owner.key.accountId), table).toBe(0);
      expect(await count(table, bystander.key.accountId), table).toBeGreaterThan(0);
    }
  });

  it("deleting the organization deletes them through its accounts", async () => {
    await handle.db.execute(sql`delete from organizations where id = ${leaving.orgId}::uuid`);
    for (const table of await accountOwnedTables()) {
      expect(await count(table, leaving.key.accountId), table).toBe(0);
      expect(await count(table, bystander.key.accountId), table).toBeGreaterThan(0);
    }
  });
});
