/**
 * Migration 0004 on a database filled through the OLD schema (0000-0003): every row lands where it
 * should, nothing is lost or duplicated, and the read side serves the moved usage correctly.
 */
import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "@/db/migrations";
import { rowsOf, type DbHandle } from "@/db/types";
import { getUsageTotals, rollupIsCurrent } from "@/lib/analytics";
import { refreshUsageRollup } from "@/lib/rollup";
import { createEmptyTestDb } from "../test-db";
import { ACCOUNT_OF, DROPPED, fillThroughOldSchema, KEPT, KEYS, ROWS, sum, USERS, type KeyName } from "./old-schema";
import { migrationsThrough } from "./older-migrations";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;
let folder: string;

async function rows<T>(query: ReturnType<typeof sql>) {
  return rowsOf<T>(await handle.db.execute(query));
}

interface Before {
  events: number;
  input: number;
  requests: number;
}
let before: Before;

beforeAll(async () => {
  handle = await createEmptyTestDb();
  folder = migrationsThrough("0003");
  await runMigrations(handle, folder);
  await fillThroughOldSchema(handle.db);
  const [b] = await rows<{ events: number; input: number; requests: number }>(
    sql`select count(*)::int as events, sum(input_tokens)::float8 as input, sum(requests)::float8 as requests
      from usage_events`,
  );
  before = { events: Number(b!.events), input: Number(b!.input), requests: Number(b!.requests) };
  await runMigrations(handle);
});
afterAll(async () => {
  await handle?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function personalOrgOf(userId: string) {
  const [row] = await rows<{ id: string; name: string; role: string }>(sql`
    select o.id, o.name, m.role from organizations o join memberships m on m.org_id = o.id
    where m.user_id = ${userId}::uuid and o.personal`);
  return row!;
}

describe(`migration 0004 (organizations) on ${DB}`, () => {
  it("the old schema was really filled before migrating", () => {
    expect(before).toEqual({
      events: ROWS.length,
      input: sum(ROWS, (r) => r.input),
      requests: sum(ROWS, (r) => r.requests),
    });
  });

  it("gives every user a personal organization they own, named after them", async () => {
    const [count] = await rows<{ orgs: number; members: number }>(
      sql`select (select count(*)::int from organizations) as orgs, (select count(*)::int from memberships) as members`,
    );
    expect(count).toEqual({ orgs: 3, members: 3 });
    expect(await personalOrgOf(USERS.ana)).toMatchObject({ name: "Ana Lima", role: "owner" });
    expect(await personalOrgOf(USERS.ben)).toMatchObject({ name: "ben@example.com", role: "owner" });
    expect(await personalOrgOf(USERS.cy)).toMatchObject({ name: "cy@example.com", role: "owner" });
  });

  it("makes every key a credential of an account; same-org admin keys of one user share one", async () => {
    const ana = (await personalOrgOf(USERS.ana)).id;
    const ben = (await personalOrgOf(USERS.ben)).id;
    const accounts = await rows<{ id: string; org_id: string; external_id: string | null; label: string }>(
      sql`select id, org_id, external_id, label, catalog_synced_at from provider_accounts order by label`,
    );
    expect(accounts.map((a) => [a.label, a.org_id, a.external_id, a.id])).toEqual([
      ["Ben admin", ben, "org-1", KEYS.B1.id],
      ["Ben legacy", ben, null, KEYS.B2.id],
      ["Legacy", ana, null, KEYS.S1.id],
      ["Other org", ana, "org-2", KEYS.A3.id],
      ["Prod", ana, "org-1", KEYS.A1.id],
    ]);
    const keys = await rows<{ id: string; org_id: string; account_id: string; created_by_user_id: string }>(
      sql`select id, org_id, account_id, created_by_user_id from provider_keys`,
    );
    expect(keys).toHaveLength(Object.keys(KEYS).length);
    for (const [name, k] of Object.entries(KEYS) as [KeyName, (typeof KEYS)[KeyName]][]) {
      expect(keys.find((row) => row.id === k.id)).toEqual({
        id: k.id,
        org_id: k.user === USERS.ana ? ana : ben,
        account_id: ACCOUNT_OF[name],
        created_by_user_id: k.user,
      });
    }
    const [synced] = await rows<{ at: string | null }>(
      sql`select catalog_synced_at::text as at from provider_accounts where id = ${KEYS.A1.id}::uuid`,
    );
    expect(synced!.at).not.toBeNull(); // the latest stamp of its keys (A2's)
  });

  it("moves usage to the accounts: one row per provider bucket, nothing else lost or added", async () => {
    const after = await rows<{
      account_id: string;
      org_id: string;
      model: string;
      day: string;
      input: number;
      sim: boolean;
    }>(
      sql`select account_id, org_id, model, to_char(window_start, 'YYYY-MM-DD') as day, input_tokens::float8 as input,
        simulated as sim from usage_events`,
    );
    expect(after).toHaveLength(before.events - DROPPED.length);
    const [totals] = await rows<{ input: number; requests: number }>(
      sql`select sum(input_tokens)::float8 as input, sum(requests)::float8 as requests from usage_events`,
    );
    expect(Number(totals!.input)).toBe(before.input - sum(DROPPED, (r) => r.input));
    expect(Number(totals!.requests)).toBe(before.requests - sum(DROPPED, (r) => r.requests));
    // Per account, exactly the kept rows.
    for (const account of new Set(Object.values(ACCOUNT_OF))) {
      const expected = KEPT.filter((r) => ACCOUNT_OF[r.key] === account)
        .map((r) => `${r.day}|${r.model}|${r.input}`)
        .sort();
      const actual = after
        .filter((r) => r.account_id === account)
        .map((r) => `${r.day}|${r.model}|${Number(r.input)}`)
        .sort();
      expect(actual).toEqual(expected);
    }
    // Bucket X kept the newer copy; bucket Y kept the real row over the newer simulated one.
    const prod = after.filter((r) => r.account_id === KEYS.A1.id);
    expect(prod.find((r) => r.day === "2025-03-01")).toMatchObject({ sim: false });
    expect(Number(prod.find((r) => r.day === "2025-03-01")!.input)).toBe(130);
    expect(prod.find((r) => r.day === "2025-03-02")).toMatchObject({ sim: false });
    expect(Number(prod.find((r) => r.day === "2025-03-02")!.input)).toBe(50);
    const ben = (await personalOrgOf(USERS.ben)).id;
    expect(after.filter((r) => r.org_id === ben)).toHaveLength(3);
  });

  it("keeps one name per account and catalog entry, the newest", async () => {
    const catalog = await rows<{ account_id: string; kind: string; external_id: string; name: string }>(
      sql`select account_id, kind, external_id, name from provider_catalog order by account_id, kind, external_id`,
    );
    expect(catalog.map((c) => [c.account_id, c.kind, c.external_id, c.name])).toEqual([
      [KEYS.A1.id, "api_key", "k-1", "CI key"],
      [KEYS.A1.id, "project", "p1", "New name"],
      [KEYS.A1.id, "user", "u-1", "Ada"],
      [KEYS.B1.id, "project", "p1", "Ben project"],
    ]);
  });

  it("moves runs to the organization, keeps sessions, and empties the rollup cubes", async () => {
    const ana = (await personalOrgOf(USERS.ana)).id;
    const ben = (await personalOrgOf(USERS.ben)).id;
    const runs = await rows<{ org_id: string; trigger: string; by: string | null }>(
      sql`select org_id, trigger, triggered_by_user_id as by from ingestion_runs order by trigger`,
    );
    expect(runs).toEqual([
      { org_id: ben, trigger: "api", by: USERS.ben },
      { org_id: ana, trigger: "cron", by: null },
      { org_id: ana, trigger: "refresh", by: USERS.ana },
    ]);
    const sessions = await rows<{ user_id: string; current_org_id: string | null }>(
      sql`select user_id, current_org_id from sessions`,
    );
    expect(sessions).toEqual([{ user_id: USERS.ana, current_org_id: null }]);
    const [cubes] = await rows<{ n: number }>(sql`select
      (select count(*) from usage_rollup_total) + (select count(*) from usage_rollup_core)
      + (select count(*) from usage_rollup_project) + (select count(*) from usage_rollup_member)
      + (select count(*) from usage_rollup_state) as n`);
    expect(Number(cubes!.n)).toBe(0);
  });

  it("serves moved usage from usage_events until a refresh rebuilds the account's cubes", async () => {
    const ana = (await personalOrgOf(USERS.ana)).id;
    const range = { start: "2025-03-01", end: "2025-03-31" };
    const expected = KEPT.filter((r) => KEYS[r.key].user === USERS.ana);
    expect(await rollupIsCurrent(handle.db, ana)).toBe(false);
    const raw = await getUsageTotals(handle.db, ana, range);
    expect(raw.current.inputTokens).toBe(sum(expected, (r) => r.input));
    expect(raw.current.requests).toBe(sum(expected, (r) => r.requests));
    for (const account of [KEYS.A1.id, KEYS.A3.id, KEYS.S1.id]) {
      const refresh = await refreshUsageRollup(handle.db, {
        orgId: ana,
        accountId: account,
        start: new Date("2025-03-04T00:00:00Z"),
        end: new Date("2025-03-05T00:00:00Z"),
      });
      expect(refresh.rebuilt).toBe(true);
    }
    expect(await rollupIsCurrent(handle.db, ana)).toBe(true);
    // Rows stored before cost_usd existed are priced by that first refresh (usage_pricing_state).
    const after = await getUsageTotals(handle.db, ana, range, { path: "raw" });
    expect(raw.current.costUsd).toBeNull();
    expect(after.current.costUsd).toBeGreaterThan(0);
    expect({ ...after.current, costUsd: null }).toEqual(raw.current);
    expect(await getUsageTotals(handle.db, ana, range, { path: "rollup" })).toEqual(after);
  });
});
