/**
 * Migration 0004 on a database filled through the OLD schema (0000-0003): every row lands where it
 * should, nothing is lost or duplicated, and the read side serves the moved usage correctly.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, runMigrations } from "@/db/migrations";
import { rowsOf, type DbHandle } from "@/db/types";
import { getUsageTotals, refreshUsageRollup, rollupIsCurrent } from "@/lib/analytics";
import { createEmptyTestDb } from "../test-db";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const USERS = { ana: id(1), ben: id(2), cy: id(3) };
const KEYS = {
  /** Ana's two admin keys of OpenAI org-1 (A1 first): one account, whose id is A1's. */
  A1: { id: id(11), user: USERS.ana, mode: "admin", org: "org-1", label: "Prod", at: "2025-01-01T00:00:00Z" },
  A2: { id: id(12), user: USERS.ana, mode: "admin", org: "org-1", label: "Prod rotated", at: "2025-02-01T00:00:00Z" },
  A3: { id: id(13), user: USERS.ana, mode: "admin", org: "org-2", label: "Other org", at: "2025-01-05T00:00:00Z" },
  S1: { id: id(14), user: USERS.ana, mode: "standard", org: null, label: "Legacy", at: "2025-01-06T00:00:00Z" },
  /** Ben's admin key of the same OpenAI org-1: a different CogniTrack organization, so its own account. */
  B1: { id: id(21), user: USERS.ben, mode: "admin", org: "org-1", label: "Ben admin", at: "2025-01-02T00:00:00Z" },
  B2: { id: id(22), user: USERS.ben, mode: "standard", org: null, label: "Ben legacy", at: "2025-01-03T00:00:00Z" },
} as const;
type KeyName = keyof typeof KEYS;
const ACCOUNT_OF: Record<KeyName, string> = {
  A1: KEYS.A1.id,
  A2: KEYS.A1.id,
  A3: KEYS.A3.id,
  S1: KEYS.S1.id,
  B1: KEYS.B1.id,
  B2: KEYS.B2.id,
};

interface OldRow {
  key: KeyName;
  day: string;
  model: string;
  project: string | null;
  input: number;
  requests: number;
  simulated?: boolean;
  updated: string;
}

const ROWS: OldRow[] = [
  // Bucket X: both Ana keys fetched it; A2's copy is newer and wins.
  {
    key: "A1",
    day: "2025-03-01",
    model: "gpt-4o",
    project: "p1",
    input: 100,
    requests: 1,
    updated: "2025-03-02T00:00:00Z",
  },
  {
    key: "A2",
    day: "2025-03-01",
    model: "gpt-4o",
    project: "p1",
    input: 130,
    requests: 2,
    updated: "2025-03-03T00:00:00Z",
  },
  // Bucket Y: A1 real, A2 simulated (newer): the real one wins.
  {
    key: "A1",
    day: "2025-03-02",
    model: "gpt-4o",
    project: null,
    input: 50,
    requests: 5,
    updated: "2025-03-02T00:00:00Z",
  },
  {
    key: "A2",
    day: "2025-03-02",
    model: "gpt-4o",
    project: null,
    input: 999,
    requests: 9,
    simulated: true,
    updated: "2025-03-09T00:00:00Z",
  },
  // Only one of the two keys fetched these.
  { key: "A1", day: "2025-03-03", model: "o3", project: "p1", input: 7, requests: 1, updated: "2025-03-04T00:00:00Z" },
  { key: "A2", day: "2025-03-04", model: "o3", project: "p2", input: 11, requests: 2, updated: "2025-03-05T00:00:00Z" },
  // Other accounts, including one that has the same bucket as Ana's org-1 account (not merged).
  {
    key: "A3",
    day: "2025-03-01",
    model: "gpt-4o",
    project: "p1",
    input: 40,
    requests: 4,
    updated: "2025-03-02T00:00:00Z",
  },
  {
    key: "S1",
    day: "2025-03-01",
    model: "gpt-4o",
    project: null,
    input: 3,
    requests: 1,
    updated: "2025-03-02T00:00:00Z",
  },
  {
    key: "B1",
    day: "2025-03-01",
    model: "gpt-4o",
    project: "p1",
    input: 500,
    requests: 8,
    updated: "2025-03-02T00:00:00Z",
  },
  {
    key: "B1",
    day: "2025-03-02",
    model: "gpt-4o",
    project: "p1",
    input: 600,
    requests: 9,
    updated: "2025-03-03T00:00:00Z",
  },
  {
    key: "B2",
    day: "2025-03-05",
    model: "gpt-4o-mini",
    project: null,
    input: 9,
    requests: 3,
    updated: "2025-03-06T00:00:00Z",
  },
];
/** The rows the migration must drop: the losing copies of buckets X and Y. */
const DROPPED = [ROWS[0]!, ROWS[3]!];
const KEPT = ROWS.filter((r) => !DROPPED.includes(r));

const sum = (rows: OldRow[], pick: (r: OldRow) => number) => rows.reduce((n, r) => n + pick(r), 0);

let handle: DbHandle;
let folder: string;

async function rows<T>(query: ReturnType<typeof sql>) {
  return rowsOf<T>(await handle.db.execute(query));
}

/** A copy of drizzle/ whose journal stops at 0003: the released schema before this migration. */
function migrationsUpTo0003(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cognitrack-migrations-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag < "0004");
  if (journal.entries.at(-1)?.tag !== "0003_rate_limits") throw new Error("expected the journal to end at 0003");
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

async function fillThroughOldSchema() {
  const db = handle.db;
  await db.execute(sql`insert into users (id, email, name) values
    (${USERS.ana}::uuid, 'ana@example.com', 'Ana Lima'),
    (${USERS.ben}::uuid, 'ben@example.com', null),
    (${USERS.cy}::uuid, 'cy@example.com', '  ')`);
  for (const k of Object.values(KEYS)) {
    await db.execute(sql`insert into provider_keys (id, user_id, provider, label, usage_mode, organization_id, project_id,
        ciphertext, iv, auth_tag, encryption_key_version, masked_key, last_sync_status, catalog_synced_at, created_at)
      values (${k.id}::uuid, ${k.user}::uuid, 'openai', ${k.label}, ${k.mode}, ${k.org}, ${k.org ? "proj_x" : null},
        'c', 'i', 't', 1, 'sk-...abcd', 'ok', ${k.id === KEYS.A2.id ? "2025-03-10T00:00:00Z" : null}::timestamptz,
        ${k.at}::timestamptz)`);
  }
  for (const r of ROWS) {
    const k = KEYS[r.key];
    await db.execute(sql`insert into usage_events (user_id, key_id, provider, source, model, window_start, window_end,
        input_tokens, output_tokens, cached_input_tokens, requests, project_id, api_key_id, provider_user_id,
        service_tier, batch, simulated, created_at, updated_at)
      values (${k.user}::uuid, ${k.id}::uuid, 'openai', 'completions', ${r.model}, ${`${r.day}T00:00:00Z`}::timestamptz,
        ${`${r.day}T00:00:00Z`}::timestamptz + interval '1 day', ${r.input}, ${r.input * 2}, 0, ${r.requests},
        ${r.project}, null, null, null, false, ${r.simulated ?? false}, ${r.updated}::timestamptz,
        ${r.updated}::timestamptz)`);
  }
  // The same project named by both of Ana's org-1 keys (A2's name is newer), and one name each.
  await db.execute(sql`insert into provider_catalog (user_id, key_id, kind, external_id, name, updated_at) values
    (${USERS.ana}::uuid, ${KEYS.A1.id}::uuid, 'project', 'p1', 'Old name', '2025-03-01T00:00:00Z'),
    (${USERS.ana}::uuid, ${KEYS.A2.id}::uuid, 'project', 'p1', 'New name', '2025-03-05T00:00:00Z'),
    (${USERS.ana}::uuid, ${KEYS.A1.id}::uuid, 'user', 'u-1', 'Ada', '2025-03-01T00:00:00Z'),
    (${USERS.ana}::uuid, ${KEYS.A2.id}::uuid, 'api_key', 'k-1', 'CI key', '2025-03-01T00:00:00Z'),
    (${USERS.ben}::uuid, ${KEYS.B1.id}::uuid, 'project', 'p1', 'Ben project', '2025-03-01T00:00:00Z')`);
  await db.execute(sql`insert into ingestion_runs (user_id, trigger, window_start, window_end, status) values
    (${USERS.ana}::uuid, 'refresh', '2025-03-01', '2025-03-08', 'succeeded'),
    (${USERS.ana}::uuid, 'cron', '2025-03-01', '2025-03-08', 'succeeded'),
    (${USERS.ben}::uuid, 'api', '2025-03-01', '2025-03-08', 'partial')`);
  await db.execute(sql`insert into sessions (token_hash, user_id, expires_at)
    values ('hash-ana', ${USERS.ana}::uuid, now() + interval '1 day')`);
  // Cubes and their state for one key: the migration empties them.
  await db.execute(sql`insert into usage_rollup_total (user_id, key_id, grain, period, simulated, input_tokens,
      cached_input_tokens, output_tokens, requests, cost_usd, row_count)
    values (${USERS.ana}::uuid, ${KEYS.A1.id}::uuid, 'day', '2025-03-01', false, 100, 0, 200, 1, null, 1)`);
  await db.execute(sql`insert into usage_rollup_state (key_id, user_id, pricing_version)
    values (${KEYS.A1.id}::uuid, ${USERS.ana}::uuid, 'v-old')`);
}

interface Before {
  events: number;
  input: number;
  requests: number;
}
let before: Before;

beforeAll(async () => {
  handle = await createEmptyTestDb();
  folder = migrationsUpTo0003();
  await runMigrations(handle, folder);
  await fillThroughOldSchema();
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
      + (select count(*) from usage_rollup_detail) + (select count(*) from usage_rollup_state) as n`);
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
    expect(await getUsageTotals(handle.db, ana, range, { path: "rollup" })).toEqual(raw);
  });
});
