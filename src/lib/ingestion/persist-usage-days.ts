/**
 * Writes usage a day at a time (./usage-days.ts holds a page's rows until their day is complete).
 * A complete day whose rows, computed costs included, hash to the digest stored when it was last
 * written (usage_day_state) is left alone: a re-read of unchanged history costs one small read per
 * page instead of an upsert that locks every row. Changed days are upserted as before and their
 * digests recorded in the same transaction. Days that may be partial (a run stopped mid-stream) are
 * upserted and their digests deleted, since what is stored for them no longer matches one; so are
 * the parts of a day too large to hold whole (usage-days.ts MAX_HELD_ROWS).
 */
import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import type { ProviderUsageRecord } from "@/lib/providers/types";
import { priceBatch, UNIT_FIELDS, writePricedBatch, type PersistResult, type PersistTarget } from "./persist";
import type { PricedBatch } from "./persist-sql";
import { utcDayOf, type UsageDay } from "./usage-days";

export interface UsageDaysResult extends PersistResult {
  /** Complete days left alone: the provider sent exactly what was stored. */
  daysUnchanged: number;
}

interface PricedDay {
  day: string;
  records: ProviderUsageRecord[];
  costs: (string | null)[];
}

/** The batch's rows per UTC day (priceBatch may have merged rows, so days are taken again). */
function splitByDay(batch: PricedBatch): PricedDay[] {
  const byDay = new Map<string, PricedDay>();
  batch.records.forEach((r, i) => {
    const day = utcDayOf(r);
    let d = byDay.get(day);
    if (!d) byDay.set(day, (d = { day, records: [], costs: [] }));
    d.records.push(r);
    d.costs.push(batch.costs[i]!);
  });
  return [...byDay.values()];
}

/** Every field a usage row has, in a fixed order (the type check below fails when one is added and not listed). */
const DIGEST_FIELDS = [
  "provider",
  "source",
  "model",
  "windowStart",
  "windowEnd",
  "inputTokens",
  "outputTokens",
  "cachedInputTokens",
  "requests",
  "projectId",
  "apiKeyId",
  "providerUserId",
  "serviceTier",
  "batch",
  "uncachedInputTokens",
  "cacheWrite5mTokens",
  "cacheWrite1hTokens",
  "webSearchRequests",
  "contextWindow",
  "inferenceGeo",
  "endpoint",
  ...UNIT_FIELDS,
  "imageSize",
  "imageSource",
  "contextLevel",
  "vectorStoreId",
] as const satisfies readonly (keyof ProviderUsageRecord)[];
type Unlisted = Exclude<keyof ProviderUsageRecord, (typeof DIGEST_FIELDS)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/** A row's fields at fixed places, and its cost (JSON.stringify is 4x slower: it formats each Date). */
function rowText(r: ProviderUsageRecord, cost: string | null): string {
  const parts = DIGEST_FIELDS.map((k) => {
    const v = r[k];
    // NUL never occurs in stored text (PostgreSQL refuses it), so a missing value differs from "".
    return v instanceof Date ? v.getTime() : (v ?? "\u0000");
  });
  parts.push(cost ?? "\u0000");
  return parts.join("\u0002");
}

/** Every field of every row and its cost, order-free: the provider may list a day's rows in any order. */
export function usageDayDigest(day: PricedDay, simulated: boolean): string {
  const lines = day.records.map((r, i) => rowText(r, day.costs[i]!)).sort();
  return createHash("sha256")
    .update(`${simulated}\n${lines.join("\n")}`)
    .digest("base64");
}

/**
 * The stored digest of each day that still has at least the rows it vouched for. A day whose rows
 * were deleted behind ingestion's back (a cleanup, a partial restore) is written again, so a
 * backfill over it still repairs it.
 */
async function storedDigests(db: Db, target: PersistTarget, source: string, days: string[]) {
  const rows = rowsOf<{ day: string; digest: string }>(
    await db.execute(sql`
      select to_char(s.day, 'YYYY-MM-DD') as day, s.digest from usage_day_state s
      where s.account_id = ${target.accountId}::uuid and s.source = ${source} and s.day = any(${sql.param(days)}::date[])
        and s.rows <= (select count(*) from usage_events u
          where u.org_id = ${target.orgId}::uuid and u.account_id = s.account_id and u.source = s.source
            and u.window_start >= (s.day::timestamp at time zone 'UTC')
            and u.window_start < ((s.day + 1)::timestamp at time zone 'UTC'))`),
  );
  return new Map(rows.map((r) => [r.day, r.digest]));
}

function recordDigestsSql(
  target: PersistTarget,
  source: string,
  days: { day: string; digest: string; rows: number }[],
) {
  return sql`
    insert into usage_day_state (account_id, org_id, source, day, digest, rows)
    select ${target.accountId}::uuid, ${target.orgId}::uuid, ${source}, d.day, d.digest, d.rows
    from unnest(${sql.param(days.map((d) => d.day))}::date[], ${sql.param(days.map((d) => d.digest))}::text[],
      ${sql.param(days.map((d) => d.rows))}::int[]) as d(day, digest, rows)
    on conflict (account_id, source, day) do update set org_id = excluded.org_id, digest = excluded.digest,
      rows = excluded.rows, updated_at = now()`;
}

/** Forgets the digests of these days (their rows were written by something other than a whole-day write). */
export function forgetDigestsSql(accountId: string, days: readonly string[], source?: string): SQL {
  return sql`delete from usage_day_state where account_id = ${accountId}::uuid
    ${source === undefined ? sql`` : sql`and source = ${source}`} and day = any(${sql.param([...days])}::date[])`;
}

export async function storeUsageDays(
  db: Db,
  target: PersistTarget,
  source: string,
  days: readonly UsageDay[],
  opts: { forceManual?: boolean } = {},
): Promise<UsageDaysResult> {
  const whole = new Set(days.filter((d) => d.whole).map((d) => d.day));
  const records = days.flatMap((d) => d.records);
  const priced = splitByDay(await priceBatch(db, target, records));
  const result: UsageDaysResult = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    manualDedupe: false,
    rollupMaintained: true,
    daysUnchanged: 0,
  };
  if (priced.length === 0) return result;
  const complete = priced.filter((d) => whole.has(d.day));
  const parts = priced.filter((d) => !whole.has(d.day));
  const digests = new Map(complete.map((d) => [d.day, usageDayDigest(d, target.simulated)]));
  const completeDays = complete.map((d) => d.day);
  const stored = completeDays.length
    ? await storedDigests(db, target, source, completeDays)
    : new Map<string, string>();
  const changed: PricedDay[] = [];
  for (const d of complete) {
    if (stored.get(d.day) !== digests.get(d.day)) {
      changed.push(d);
      continue;
    }
    result.daysUnchanged++;
    result.unchanged += d.records.length;
  }
  if (changed.length === 0 && parts.length === 0) return result;
  const also: SQL[] = [];
  if (changed.length) {
    const written = changed.map((d) => ({ day: d.day, digest: digests.get(d.day)!, rows: d.records.length }));
    also.push(recordDigestsSql(target, source, written));
  }
  const partDays = parts.map((d) => d.day);
  if (partDays.length) also.push(forgetDigestsSql(target.accountId, partDays, source));
  const toWrite = [...changed, ...parts];
  const batch = { records: toWrite.flatMap((d) => d.records), costs: toWrite.flatMap((d) => d.costs) };
  const written = await writePricedBatch(db, target, batch, { forceManual: opts.forceManual, alsoInTransaction: also });
  return {
    ...written,
    unchanged: result.unchanged + written.unchanged,
    daysUnchanged: result.daysUnchanged,
  };
}
