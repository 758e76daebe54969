/** The ingestion hook: one call per provider-account sync, whatever its outcome. */
import { metrics } from "./registry";

export interface AccountSyncOutcome {
  provider: string;
  /** The run's trigger: cron | refresh | api | backfill (and demo, spike, bench for tools). */
  source: string;
  /** The issue code that stopped the account, or null when its usage was synced in full. */
  failure: string | null;
  seconds: number;
  rowsUpserted: number;
}

export function recordAccountSync(o: AccountSyncOutcome) {
  const m = metrics();
  const labels = { provider: o.provider, source: o.source };
  m.syncRuns.inc(labels);
  if (o.failure) m.syncFailures.inc({ ...labels, reason: o.failure });
  m.syncDuration.observe(labels, Math.max(0, o.seconds));
  if (o.rowsUpserted > 0) m.rowsUpserted.inc(labels, o.rowsUpserted);
}
