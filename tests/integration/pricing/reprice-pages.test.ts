/**
 * Re-pricing walks an organization's usage in pages keyed by (window_start, id): every row is read
 * once, however many rows share a window across a page boundary and whatever their microseconds,
 * and another organization's rows are not touched.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/types";
import { repriceUsageRows } from "@/lib/pricing/reprice-rows";
import type { NormalizedUsageRecord } from "@/lib/providers/types";
import { createTestDb } from "../test-db";
import { createOrgWithKey, store } from "../analytics/fixture";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

/** 3 daily windows x 7 projects: pages of 5 split every window. */
function records(): NormalizedUsageRecord[] {
  const out: NormalizedUsageRecord[] = [];
  for (let d = 0; d < 3; d++) {
    const start = new Date(Date.parse("2025-09-01T00:00:00Z") + d * 86_400_000);
    for (let p = 0; p < 7; p++) {
      out.push({
        provider: "openai",
        source: "completions",
        model: "gpt-4o-mini-2024-07-18",
        windowStart: start,
        windowEnd: new Date(start.getTime() + 86_400_000),
        inputTokens: 1_000_000 + p,
        cachedInputTokens: 0,
        outputTokens: 1000,
        requests: 10,
        projectId: `proj_${p}`,
        apiKeyId: null,
        providerUserId: null,
        serviceTier: null,
        batch: false,
      });
    }
  }
  return out;
}

const unpriced = async (orgId: string) =>
  rowsOf<{ n: number }>(
    await handle.db.execute(
      sql`select count(*)::int as n from usage_events where org_id = ${orgId}::uuid and cost_usd is null`,
    ),
  )[0]!.n;

describe("re-pricing in pages", () => {
  it("prices every row exactly once across page boundaries inside a window, at microsecond windows too", async () => {
    const db = handle.db;
    const t = await createOrgWithKey(db, "reprice-pages");
    const other = await createOrgWithKey(db, "reprice-pages-other");
    await store(db, t, records());
    await store(db, other, records());
    // Three rows of the second window a microsecond later: a millisecond key would read them twice.
    await db.execute(sql`update usage_events set window_start = window_start + interval '1 microsecond'
      where org_id = ${t.orgId}::uuid and window_start = '2025-09-02T00:00:00Z' and project_id in ('proj_0', 'proj_3', 'proj_6')`);
    await db.execute(
      sql`update usage_events set cost_usd = null where org_id in (${t.orgId}::uuid, ${other.orgId}::uuid)`,
    );

    // Every page size from 1 to 8 puts a page boundary somewhere inside a window, the moved rows included.
    for (let batchSize = 1; batchSize <= 8; batchSize++) {
      await db.execute(sql`update usage_events set cost_usd = null where org_id = ${t.orgId}::uuid`);
      const result = await repriceUsageRows(db, { orgId: t.orgId }, { batchSize });
      expect({ batchSize, rows: result.rows, changed: result.changed }).toEqual({ batchSize, rows: 21, changed: 21 });
      expect(await unpriced(t.orgId)).toBe(0);
    }
    expect(await unpriced(other.orgId)).toBe(21);

    // Priced already: a second pass reads every row again and changes none.
    expect(await repriceUsageRows(db, { orgId: t.orgId }, { batchSize: 5 })).toMatchObject({ rows: 21, changed: 0 });
  });
});
