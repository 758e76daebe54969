/** The data migration 0004's test writes through the OLD (0003) schema, and what must become of it. */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/types";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export const USERS = { ana: id(1), ben: id(2), cy: id(3) };
export const KEYS = {
  /** Ana's two admin keys of OpenAI org-1 (A1 first): one account, whose id is A1's. */
  A1: { id: id(11), user: USERS.ana, mode: "admin", org: "org-1", label: "Prod", at: "2025-01-01T00:00:00Z" },
  A2: { id: id(12), user: USERS.ana, mode: "admin", org: "org-1", label: "Prod rotated", at: "2025-02-01T00:00:00Z" },
  A3: { id: id(13), user: USERS.ana, mode: "admin", org: "org-2", label: "Other org", at: "2025-01-05T00:00:00Z" },
  S1: { id: id(14), user: USERS.ana, mode: "standard", org: null, label: "Legacy", at: "2025-01-06T00:00:00Z" },
  /** Ben's admin key of the same OpenAI org-1: a different CogniTrack organization, so its own account. */
  B1: { id: id(21), user: USERS.ben, mode: "admin", org: "org-1", label: "Ben admin", at: "2025-01-02T00:00:00Z" },
  B2: { id: id(22), user: USERS.ben, mode: "standard", org: null, label: "Ben legacy", at: "2025-01-03T00:00:00Z" },
} as const;
export type KeyName = keyof typeof KEYS;
export const ACCOUNT_OF: Record<KeyName, string> = {
  A1: KEYS.A1.id,
  A2: KEYS.A1.id,
  A3: KEYS.A3.id,
  S1: KEYS.S1.id,
  B1: KEYS.B1.id,
  B2: KEYS.B2.id,
};

export interface OldRow {
  key: KeyName;
  day: string;
  model: string;
  project: string | null;
  input: number;
  requests: number;
  simulated?: boolean;
  updated: string;
}

export const ROWS: OldRow[] = [
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
export const DROPPED = [ROWS[0]!, ROWS[3]!];
export const KEPT = ROWS.filter((r) => !DROPPED.includes(r));

export const sum = (rows: OldRow[], pick: (r: OldRow) => number) => rows.reduce((n, r) => n + pick(r), 0);

export async function fillThroughOldSchema(db: Db) {
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
