/**
 * cost_events.description became line_item in 0007 (issue 11's contract). 0006 is released, so a
 * database filled before 0007 must keep its line items through the rename, and the next cost sync
 * must find those rows through the dedupe key instead of storing them twice.
 */
import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "@/db/migrations";
import { rowsOf, type DbHandle } from "@/db/types";
import { upsertCostBuckets } from "@/lib/ingestion/persist-costs";
import type { NormalizedCostRecord } from "@/lib/providers/types";
import { createEmptyTestDb } from "../test-db";
import { migrationsThrough } from "./older-migrations";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;
let folder: string;
let orgId: string;
let accountId: string;

const DAY = "2026-10-01";

beforeAll(async () => {
  handle = await createEmptyTestDb();
  folder = migrationsThrough("0006");
  await runMigrations(handle, folder);
  const [org] = rowsOf<{ id: string }>(
    await handle.db.execute(sql`insert into organizations (name) values ('line item rename') returning id`),
  );
  orgId = org!.id;
  const [account] = rowsOf<{ id: string }>(
    await handle.db.execute(sql`insert into provider_accounts (org_id, provider, external_id, label)
      values (${orgId}::uuid, 'openai', 'org_line_item', 'OpenAI') returning id`),
  );
  accountId = account!.id;
  await handle.db.execute(sql`insert into cost_events (org_id, account_id, provider, source, day, amount_usd,
      currency, project_id, description)
    values
      (${orgId}::uuid, ${accountId}::uuid, 'openai', 'costs', ${DAY}::date, 0.12000000000000001, 'USD', 'proj_1',
        'gpt-4o, input'),
      (${orgId}::uuid, ${accountId}::uuid, 'openai', 'costs', ${DAY}::date, 0.5, 'USD', 'proj_2', null)`);
  await runMigrations(handle);
});
afterAll(async () => {
  await handle?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe(`cost_events.line_item on rows stored before 0007 (${DB})`, () => {
  it("keeps each row's line item and exact amount through the rename", async () => {
    const rows = rowsOf<{ line_item: string | null; amount: string }>(
      await handle.db.execute(sql`select line_item, amount_usd::text as amount from cost_events
        where org_id = ${orgId}::uuid order by line_item nulls last`),
    );
    expect(rows).toEqual([
      { line_item: "gpt-4o, input", amount: "0.12000000000000001" },
      { line_item: null, amount: "0.5" },
    ]);
  });

  it("a re-sync of the same line item finds the old row instead of storing it twice", async () => {
    const record: NormalizedCostRecord = {
      provider: "openai",
      source: "costs",
      day: DAY,
      windowStart: new Date(`${DAY}T00:00:00Z`),
      windowEnd: new Date(`2026-10-02T00:00:00Z`),
      amountUsd: "0.12000000000000001",
      currency: "USD",
      projectId: "proj_1",
      lineItem: "gpt-4o, input",
      apiKeyId: null,
      model: null,
    };
    const result = await upsertCostBuckets(handle.db, { orgId, accountId }, [record]);
    expect(result).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    const [count] = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from cost_events where org_id = ${orgId}::uuid`),
    );
    expect(Number(count!.n)).toBe(2);
  });
});
