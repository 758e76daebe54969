/**
 * Fixed-window counters for the request policies, kept in `rate_limits` so every server instance
 * counts the same hits. One statement per hit: an upsert that starts a fresh window when the stored
 * one has ended, so concurrent hits are each counted exactly once (the row lock serialises them).
 */
import { createHash, createHmac } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import { rateLimitedError } from "./rate-limited-error";
import type { RequestPolicy } from "./request-policies";

export interface RateLimitHit {
  bucket: string;
  /** Hits in the current window, this one included. */
  hits: number;
  limited: boolean;
  remaining: number;
  /** Seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
  /** The window this hit landed in, as the database printed it: used to give the hit back. */
  windowStartedAt: string;
}

interface Options {
  /** The clock to count with; the database's own clock when absent (one clock for every instance). */
  now?: Date;
}

const CLEANUP_BATCH = 200;

/**
 * `<keyPrefix>:<HMAC-SHA256 of the subject>`. Keyed (from ENCRYPTION_KEY), because a plain hash of
 * an IPv4 address is reversed by hashing all 2^32 of them; rotating the key just restarts the counts.
 */
export function rateLimitBucket(policy: Pick<RequestPolicy, "keyPrefix">, subject: string): string {
  const key = getConfig().encryption.current?.key;
  if (!key) throw new Error("ENCRYPTION_KEY is required to name rate-limit buckets.");
  const hmacKey = createHash("sha256").update("cognitrack-rate-limit-v1").update(key).digest();
  return `${policy.keyPrefix}:${createHmac("sha256", hmacKey).update(subject).digest("hex")}`;
}

const clockOf = (options?: Options) => sql`coalesce(${options?.now?.toISOString() ?? null}::timestamptz, now())`;

/** Counts one hit against the subject's bucket and says whether it went over the policy's limit. */
export async function hitRateLimit(
  db: Db,
  policy: RequestPolicy,
  subject: string,
  options?: Options,
): Promise<RateLimitHit> {
  const bucket = rateLimitBucket(policy, subject);
  const [row] = rowsOf<{ hits: number; window_started_at: string; retry_after_seconds: number }>(
    await db.execute(sql`
      with clock as (select ${clockOf(options)} as now),
      hit as (
        insert into rate_limits as r (bucket, hits, window_started_at, expires_at)
        select ${bucket}, 1, clock.now, clock.now + make_interval(secs => ${policy.windowSeconds}::int) from clock
        on conflict (bucket) do update set
          hits = case when r.expires_at <= excluded.window_started_at then 1 else r.hits + 1 end,
          window_started_at = case when r.expires_at <= excluded.window_started_at
            then excluded.window_started_at else r.window_started_at end,
          expires_at = case when r.expires_at <= excluded.window_started_at
            then excluded.expires_at else r.expires_at end
        returning r.hits, r.window_started_at, r.expires_at
      )
      select hit.hits, hit.window_started_at::text as window_started_at,
        greatest(1, ceil(extract(epoch from hit.expires_at - clock.now)))::int as retry_after_seconds
      from hit, clock
    `),
  );
  if (!row) throw new Error("rate-limit upsert returned no row");
  const hits = Number(row.hits);
  // A new window is a cheap moment to sweep: this keeps the table to the buckets still counting.
  if (hits === 1) await sweepQuietly(db, options);
  return {
    bucket,
    hits,
    limited: hits > policy.attempts,
    remaining: Math.max(0, policy.attempts - hits),
    retryAfterSeconds: Number(row.retry_after_seconds),
    windowStartedAt: row.window_started_at,
  };
}

/** Counts the hit and throws RATE_LIMITED (429, with Retry-After) when it goes over the limit. */
export async function enforceRateLimit(
  db: Db,
  policy: RequestPolicy,
  subject: string,
  options?: Options,
): Promise<RateLimitHit> {
  const hit = await hitRateLimit(db, policy, subject, options);
  if (hit.limited) throw rateLimitedError(policy, hit.retryAfterSeconds);
  return hit;
}

/**
 * Gives a hit back, for policies that count failures only (a correct password). Counting first and
 * refunding after keeps the limit exact under concurrency: parallel guesses cannot all slip in
 * between a check and a count. Only the same window is touched.
 */
export async function refundRateLimitHit(db: Db, hit: Pick<RateLimitHit, "bucket" | "windowStartedAt">) {
  await db.execute(sql`
    update rate_limits set hits = hits - 1
    where bucket = ${hit.bucket} and window_started_at = ${hit.windowStartedAt}::timestamptz and hits > 0
  `);
}

/** Deletes up to `limit` buckets whose window has ended; returns how many went. */
export async function deleteExpiredRateLimits(db: Db, options?: Options & { limit?: number }): Promise<number> {
  const rows = rowsOf<{ bucket: string }>(
    await db.execute(sql`
      delete from rate_limits where bucket in (
        select bucket from rate_limits where expires_at <= ${clockOf(options)}
        limit ${options?.limit ?? CLEANUP_BATCH}
      )
      returning bucket
    `),
  );
  return rows.length;
}

async function sweepQuietly(db: Db, options?: Options) {
  try {
    await deleteExpiredRateLimits(db, options);
  } catch (error) {
    // The hit is already counted; a failed sweep only leaves rows for the next one.
    logger.warn("rate-limit cleanup failed", { error });
  }
}
