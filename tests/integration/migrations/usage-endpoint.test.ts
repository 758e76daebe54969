/**
 * The usage_events.endpoint column on a database filled before it existed (migrations up to 0006):
 * embeddings rows are backfilled to 'embeddings' (the dedupe key includes the endpoint, so the next
 * sync must find them), everything else reads 'completions', and a re-sync stores nothing twice.
 */
import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "@/db/migrations";
import { rowsOf, type DbHandle } from "@/db/types";
import { upsertUsageBuckets } from "@/lib/ingestion/persist";
import type { ProviderUsageRecord } from "@/lib/providers/types";
import { createEmptyTestDb } from "../test-db";
import { migrationsThrough } from "./older-migrations";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;
let folder: string;
let orgId: string;
let accountId: string;

const DAY = "2026-10-01T00:00:00Z";
const NEXT = "2026-10-02T00:00:00Z";

beforeAll(async () => {
  handle = await createEmptyTestDb();
  folder = migrationsThrough("0006");
  await runMigrations(handle, folder);
  const [org] = rowsOf<{ id: string }>(
    await handle.db.execute(sql`insert into organizations (name) values ('endpoint backfill') returning id`),
  );
  orgId = org!.id;
  const [account] = rowsOf<{ id: string }>(
    await handle.db.execute(sql`insert into provider_accounts (org_id, provider, external_id, label)
      values (${orgId}::uuid, 'openai', 'org_backfill', 'OpenAI') returning id`),
  );
  accountId = account!.id;
  await handle.db.execute(sql`insert into usage_events (org_id, account_id, provider, source, model, window_start,
      window_end, input_tokens, output_tokens, cached_input_tokens, requests, project_id)
    values
      (${orgId}::uuid, ${accountId}::uuid, 'openai', 'completions', 'gpt-4o', ${DAY}, ${NEXT}, 100, 10, 0, 1, 'proj_1'),
      (${orgId}::uuid, ${accountId}::uuid, 'openai', 'embeddings', 'text-embedding-3-small', ${DAY}, ${NEXT}, 50, 0, 0, 2, 'proj_1'),
      (${orgId}::uuid, ${accountId}::uuid, 'openai', 'legacy', 'gpt-4o-mini', ${DAY}, ${NEXT}, 7, 1, 0, 1, null)`);
  await runMigrations(handle);
});
afterAll(async () => {
  await handle?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe(`usage_events.endpoint on old rows (${DB})`, () => {
  it("backfills embeddings rows and leaves the rest 'completions'", async () => {
    const rows = rowsOf<{ source: string; endpoint: string; images: string | null; input_audio_tokens: string | null }>(
      await handle.db.execute(sql`select source, endpoint, images, input_audio_tokens from usage_events
        where org_id = ${orgId}::uuid order by source`),
    );
    expect(rows).toEqual([
      { source: "completions", endpoint: "completions", images: null, input_audio_tokens: null },
      { source: "embeddings", endpoint: "embeddings", images: null, input_audio_tokens: null },
      { source: "legacy", endpoint: "completions", images: null, input_audio_tokens: null },
    ]);
  });

  it("a re-sync of the old embeddings bucket finds the row instead of storing it twice", async () => {
    const record: ProviderUsageRecord = {
      provider: "openai",
      source: "embeddings",
      endpoint: "embeddings",
      model: "text-embedding-3-small",
      windowStart: new Date(DAY),
      windowEnd: new Date(NEXT),
      inputTokens: 50,
      outputTokens: 0,
      cachedInputTokens: 0,
      requests: 2,
      projectId: "proj_1",
      apiKeyId: null,
      providerUserId: null,
      serviceTier: null,
      batch: null,
    };
    const result = await upsertUsageBuckets(handle.db, { orgId, accountId, simulated: false }, [record]);
    // Found, not stored again; it is updated once because the old row had no computed cost yet.
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const [count] = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from usage_events where org_id = ${orgId}::uuid`),
    );
    expect(Number(count!.n)).toBe(3);
  });
});
