/**
 * Values that must survive restarts and agree across instances (last success, data watermark) are
 * read from ingestion_runs at scrape time, not counted in memory. Each run records, per provider,
 * whether every account of that provider synced ("ok") in its telemetry.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/types";
import { rowsOf } from "@/db/types";

export interface ProviderSyncState {
  provider: string;
  source: string;
  lastSuccessSeconds: number;
  watermarkSeconds: number;
}

/** Runs older than this cannot be the last success anyone alerts on; it bounds the scan. */
const LOOKBACK_DAYS = 35;

export async function readSyncState(db: Db): Promise<ProviderSyncState[]> {
  const result = await db.execute(sql`
    select p.key as provider, r.trigger as source,
           extract(epoch from max(r.finished_at))::float8 as last_success,
           extract(epoch from max(least(r.window_end, r.finished_at)))::float8 as watermark
    from ingestion_runs r
    cross join lateral jsonb_each_text(coalesce(r.telemetry -> 'providers', '{}'::jsonb)) as p(key, value)
    where r.finished_at is not null
      and r.dry_run = false
      and r.started_at > now() - make_interval(days => ${LOOKBACK_DAYS})
      and p.value = 'ok'
    group by p.key, r.trigger`);
  return rowsOf<{ provider: string; source: string; last_success: number | string; watermark: number | string }>(
    result,
  ).map((r) => ({
    provider: r.provider,
    source: r.source,
    lastSuccessSeconds: Number(r.last_success),
    watermarkSeconds: Number(r.watermark),
  }));
}
