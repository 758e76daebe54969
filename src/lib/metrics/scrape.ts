/**
 * One scrape of GET /api/metrics: the in-process counters plus the sync state read from the
 * database. The database part is cached briefly (every instance is scraped every ~15-60 s; the
 * state moves once per run) and a database failure never fails the scrape: it shows as
 * cognitrack_metrics_database_up 0 with the other series intact.
 */
import type { Db } from "@/db/types";
import { logger } from "@/lib/logger";
import { metrics } from "./registry";
import { readSyncState, type ProviderSyncState } from "./sync-state";

const STATE_TTL_MS = 30_000;
let cachedState: { at: number; rows: ProviderSyncState[] } | null = null;

async function syncState(db: () => Promise<Db>, now: number): Promise<ProviderSyncState[] | null> {
  if (cachedState && now - cachedState.at < STATE_TTL_MS) return cachedState.rows;
  try {
    const rows = await readSyncState(await db());
    cachedState = { at: now, rows };
    return rows;
  } catch (e) {
    logger.warn("metrics: sync state could not be read", { error: e });
    return null;
  }
}

/** For tests: forget the cached database state. */
export function forgetCachedSyncState() {
  cachedState = null;
}

export async function renderMetrics(
  db: () => Promise<Db>,
  now = Date.now(),
): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  const rows = await syncState(db, now);
  m.databaseUp.set(rows ? 1 : 0);
  if (rows) {
    m.lastSuccess.reset();
    m.watermark.reset();
    for (const r of rows) {
      m.lastSuccess.set({ provider: r.provider, source: r.source }, r.lastSuccessSeconds);
      m.watermark.set({ provider: r.provider, source: r.source }, r.watermarkSeconds);
    }
  }
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
