/**
 * One scrape of GET /api/metrics: the in-process counters plus the sync state read from the
 * database. The database part is cached briefly (every instance is scraped every ~15-60 s; the
 * state moves once per run) and a database failure never fails the scrape: it shows as
 * cognitrack_metrics_database_up 0 with the other series intact.
 */
import type { Db } from "@/db/types";
import { logger } from "@/lib/logger";
import { metrics } from "./registry";
import { readMoneyState, type MoneyState } from "./money-state";
import { readSyncState, type ProviderSyncState } from "./sync-state";

const STATE_TTL_MS = 30_000;
interface DatabaseState {
  rows: ProviderSyncState[];
  money: MoneyState;
}
let cachedState: { at: number; state: DatabaseState } | null = null;

async function databaseState(db: () => Promise<Db>, now: number): Promise<DatabaseState | null> {
  if (cachedState && now - cachedState.at < STATE_TTL_MS) return cachedState.state;
  try {
    const handle = await db();
    const state = { rows: await readSyncState(handle), money: await readMoneyState(handle, new Date(now)) };
    cachedState = { at: now, state };
    return state;
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
  const state = await databaseState(db, now);
  m.databaseUp.set(state ? 1 : 0);
  if (state) {
    m.lastSuccess.reset();
    m.watermark.reset();
    m.captureRate.reset();
    for (const r of state.money.captureRates) m.captureRate.set({ provider: r.provider }, r.ratio);
    m.certificatesExpiring.set(state.money.certificatesExpiring);
    for (const r of state.rows) {
      m.lastSuccess.set({ provider: r.provider, source: r.source }, r.lastSuccessSeconds);
      m.watermark.set({ provider: r.provider, source: r.source }, r.watermarkSeconds);
    }
  }
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
