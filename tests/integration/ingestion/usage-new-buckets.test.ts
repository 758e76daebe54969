import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/types";
import { upsertUsageBuckets } from "@/lib/ingestion/persist";
import { createTestDb } from "../test-db";
import { createOrgWithKey } from "../analytics/fixture";
import { usage } from "../reconciliation/fixture";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const A = "gpt-4o-2024-08-06";
const B = "gpt-4o-mini-2024-07-18";

async function stored(accountId: string) {
  return rowsOf<{ model: string; day: string; input_tokens: string }>(
    await handle.db.execute(sql`select model, to_char(window_start at time zone 'UTC', 'YYYY-MM-DD') as day,
      input_tokens::text from usage_events where account_id = ${accountId}::uuid order by 1, 2`),
  );
}

// A page whose rows are all new is written without ON CONFLICT; one row that could conflict must
// send the whole page to the upsert, whichever of its models or windows that row has.
describe("usage pages: all-new pages and pages that touch stored buckets", () => {
  it("updates a stored bucket whose model is not the page's first", async () => {
    const t = await createOrgWithKey(handle.db, "new-buckets-model");
    const target = { ...t, simulated: false };
    await upsertUsageBuckets(handle.db, target, [usage("2025-05-02", B, "proj", 100, 10)]);
    const result = await upsertUsageBuckets(handle.db, target, [
      usage("2025-05-02", A, "proj", 5, 1),
      usage("2025-05-02", B, "proj", 200, 10),
    ]);
    expect(result).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
    expect(await stored(t.accountId)).toEqual([
      { model: A, day: "2025-05-02", input_tokens: "5" },
      { model: B, day: "2025-05-02", input_tokens: "200" },
    ]);
  });

  it("updates a stored bucket whose window is not the page's first", async () => {
    const t = await createOrgWithKey(handle.db, "new-buckets-window");
    const target = { ...t, simulated: false };
    await upsertUsageBuckets(handle.db, target, [usage("2025-05-03", A, "proj", 100, 10)]);
    const result = await upsertUsageBuckets(handle.db, target, [
      usage("2025-05-01", A, "proj", 1, 1),
      usage("2025-05-04", A, "proj", 4, 1),
      usage("2025-05-03", A, "proj", 300, 10),
    ]);
    expect(result).toMatchObject({ inserted: 2, updated: 1 });
    expect((await stored(t.accountId)).map((r) => `${r.day}:${r.input_tokens}`)).toEqual([
      "2025-05-01:1",
      "2025-05-03:300",
      "2025-05-04:4",
    ]);
  });

  it("writes an all-new page whole, and a second account's same buckets are new to it", async () => {
    const a = await createOrgWithKey(handle.db, "new-buckets-a");
    const b = await createOrgWithKey(handle.db, "new-buckets-b");
    const page = [usage("2025-05-02", A, "proj", 7, 1), usage("2025-05-02", B, "proj", 8, 1)];
    expect(await upsertUsageBuckets(handle.db, { ...a, simulated: false }, page)).toMatchObject({ inserted: 2 });
    expect(await upsertUsageBuckets(handle.db, { ...b, simulated: false }, page)).toMatchObject({ inserted: 2 });
    expect(await upsertUsageBuckets(handle.db, { ...a, simulated: false }, page)).toMatchObject({ unchanged: 2 });
  });
});
