import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, like, lte } from "drizzle-orm";
import { rateLimits } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { isAppError } from "@/lib/errors";
import {
  deleteExpiredRateLimits,
  enforceRateLimit,
  hitRateLimit,
  rateLimitBucket,
  refundRateLimitHit,
} from "@/lib/rate-limit/request-limiter";
import type { RequestPolicy } from "@/lib/rate-limit/request-policies";
import { createTestDb } from "../test-db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Each test gets its own prefix, so no test sees another's buckets. */
function policy(attempts: number, windowSeconds = 600): RequestPolicy {
  return {
    name: "signInPerAccount",
    attempts,
    windowSeconds,
    keyPrefix: `test-${randomUUID().slice(0, 8)}`,
    tooMany: "Too many test attempts.",
  };
}

const rowsWithPrefix = (p: RequestPolicy) =>
  handle.db
    .select()
    .from(rateLimits)
    .where(like(rateLimits.bucket, `${p.keyPrefix}:%`));

describe(`request rate limits on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  it("counts hits in one window and limits the one after the last allowed", async () => {
    const p = policy(3);
    const now = new Date();
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await hitRateLimit(handle.db, p, "subject-a", { now }));
    expect(hits.map((h) => h.hits)).toEqual([1, 2, 3, 4]);
    expect(hits.map((h) => h.limited)).toEqual([false, false, false, true]);
    expect(hits.map((h) => h.remaining)).toEqual([2, 1, 0, 0]);
    expect(hits[3]!.retryAfterSeconds).toBe(600);
    // Another subject under the same policy has a bucket of its own.
    expect((await hitRateLimit(handle.db, p, "subject-b", { now })).hits).toBe(1);
    expect(await rowsWithPrefix(p)).toHaveLength(2);
  });

  it("tells how long is left of the window", async () => {
    const p = policy(1, 900);
    const start = new Date();
    await hitRateLimit(handle.db, p, "subject", { now: start });
    const later = await hitRateLimit(handle.db, p, "subject", { now: new Date(start.getTime() + 60_500) });
    expect(later.retryAfterSeconds).toBe(840); // 839.5 s rounded up
  });

  it("starts a fresh window once the stored one has ended", async () => {
    const p = policy(2, 60);
    const start = new Date();
    for (let i = 0; i < 3; i++) await hitRateLimit(handle.db, p, "subject", { now: start });
    const justBefore = await hitRateLimit(handle.db, p, "subject", { now: new Date(start.getTime() + 59_000) });
    expect(justBefore).toMatchObject({ hits: 4, limited: true, retryAfterSeconds: 1 });
    const after = await hitRateLimit(handle.db, p, "subject", { now: new Date(start.getTime() + 60_000) });
    expect(after).toMatchObject({ hits: 1, limited: false, retryAfterSeconds: 60 });
    const [row] = await rowsWithPrefix(p);
    expect(row!.windowStartedAt.getTime()).toBe(start.getTime() + 60_000);
    expect(row!.expiresAt.getTime()).toBe(start.getTime() + 120_000);
  });

  it("counts parallel hits exactly once each", async () => {
    const p = policy(100);
    // On PostgreSQL the pool spreads these over several connections at once.
    const hits = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit(handle.db, p, "busy")));
    expect(hits.map((h) => h.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const rows = await rowsWithPrefix(p);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hits).toBe(20);
  });

  it("stores a keyed hash of the subject, never the email or address itself", async () => {
    const p = policy(5);
    const email = `victim-${randomUUID().slice(0, 6)}@example.com`;
    const address = "203.0.113.77";
    await hitRateLimit(handle.db, p, email);
    await hitRateLimit(handle.db, p, address);
    const rows = await rowsWithPrefix(p);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.bucket).toMatch(new RegExp(`^${p.keyPrefix}:[0-9a-f]{64}$`));
      expect(row.bucket).not.toContain(email);
      expect(row.bucket).not.toContain(address);
    }
    // Keyed: a plain SHA-256 of an IPv4 address is found by hashing all 2^32 of them.
    const plain = createHash("sha256").update(address).digest("hex");
    expect(rows.map((r) => r.bucket)).not.toContain(`${p.keyPrefix}:${plain}`);
    // Deterministic, so the next hit finds the same bucket.
    expect(rows.map((r) => r.bucket).sort()).toEqual([rateLimitBucket(p, email), rateLimitBucket(p, address)].sort());
  });

  it("gives a refunded hit back within its window only", async () => {
    const p = policy(2, 60);
    const start = new Date();
    const first = await hitRateLimit(handle.db, p, "refund", { now: start });
    await hitRateLimit(handle.db, p, "refund", { now: start });
    await refundRateLimitHit(handle.db, first);
    const [afterRefund] = await handle.db.select().from(rateLimits).where(eq(rateLimits.bucket, first.bucket));
    expect(afterRefund!.hits).toBe(1);
    // A refund from an ended window must not eat into the next one.
    const fresh = await hitRateLimit(handle.db, p, "refund", { now: new Date(start.getTime() + 61_000) });
    expect(fresh.hits).toBe(1);
    await refundRateLimitHit(handle.db, first);
    const [afterStale] = await handle.db.select().from(rateLimits).where(eq(rateLimits.bucket, first.bucket));
    expect(afterStale!.hits).toBe(1);
  });

  it("refuses with RATE_LIMITED, a plain message and the seconds to wait", async () => {
    const p = policy(1, 15 * 60);
    const now = new Date();
    await enforceRateLimit(handle.db, p, "enforced", { now });
    const err = await enforceRateLimit(handle.db, p, "enforced", { now }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe("RATE_LIMITED");
    expect((err as Error).message).toBe("Too many test attempts. Try again in 15 minutes.");
    expect((err as { details: unknown }).details).toMatchObject({ retryAfterSeconds: 900 });
  });

  it("sweeps expired buckets when a new window starts, and keeps live ones", async () => {
    const p = policy(5, 60);
    const old = new Date(Date.now() - 3_600_000);
    // Live first: a hit at a later instant would already sweep the stale ones.
    await hitRateLimit(handle.db, p, "live", { now: new Date(Date.now() - 10_000) });
    await hitRateLimit(handle.db, p, "stale-1", { now: old });
    await hitRateLimit(handle.db, p, "stale-2", { now: old });
    expect(await rowsWithPrefix(p)).toHaveLength(3);
    await hitRateLimit(handle.db, p, "newcomer");
    const left = (await rowsWithPrefix(p)).map((r) => r.bucket).sort();
    expect(left).toEqual([rateLimitBucket(p, "live"), rateLimitBucket(p, "newcomer")].sort());
  });

  it("deletes expired buckets in bounded batches", async () => {
    const p = policy(5, 60);
    const old = new Date(Date.now() - 3_600_000);
    // Hits at the same old instant: the first one's sweep finds nothing older yet.
    for (let i = 0; i < 5; i++) await hitRateLimit(handle.db, p, `batch-${i}`, { now: old });
    expect(await rowsWithPrefix(p)).toHaveLength(5);
    // Counted over the whole table: the sweep takes any expired bucket, not only this test's.
    const expired = async () =>
      (await handle.db.select({ n: count() }).from(rateLimits).where(lte(rateLimits.expiresAt, new Date())))[0]!.n;
    const before = await expired();
    expect(before).toBeGreaterThanOrEqual(5);
    expect(await deleteExpiredRateLimits(handle.db, { limit: 2 })).toBe(2);
    expect(await expired()).toBe(before - 2);
    expect(await deleteExpiredRateLimits(handle.db)).toBe(before - 2);
    expect(await rowsWithPrefix(p)).toHaveLength(0);
  });
});
