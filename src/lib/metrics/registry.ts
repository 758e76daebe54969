/**
 * The process's Prometheus registry and every series CogniTrack exports. Kept on globalThis: Next
 * may load this module once per route bundle, and the cron route, the Refresh action and
 * /api/metrics must all count into the same registry.
 *
 * Naming follows Prometheus: `cognitrack_` prefix, `_total` counters, `_seconds` units, points in
 * time as unix-second timestamps. Labels are bounded sets only (provider, source, reason, templated
 * endpoint, status class): never a user, key, organization or project id.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

function build() {
  const registry = new Registry();
  // Default process and Node.js metrics keep their conventional unprefixed names (process_*, nodejs_*).
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    syncRuns: new Counter({
      name: "cognitrack_sync_runs_total",
      help: "Provider-account syncs started, by provider and source (cron, refresh, api, backfill, ...).",
      labelNames: ["provider", "source"] as const,
      registers,
    }),
    syncFailures: new Counter({
      name: "cognitrack_sync_failures_total",
      help: "Provider-account syncs that ended without all of their usage, by provider, source and reason (issue code).",
      labelNames: ["provider", "source", "reason"] as const,
      registers,
    }),
    syncDuration: new Histogram({
      name: "cognitrack_sync_duration_seconds",
      help: "Wall time of one provider-account sync.",
      labelNames: ["provider", "source"] as const,
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers,
    }),
    rowsUpserted: new Counter({
      name: "cognitrack_rows_upserted_total",
      help: "Usage rows inserted or updated by syncs, by provider and source.",
      labelNames: ["provider", "source"] as const,
      registers,
    }),
    providerRequests: new Counter({
      name: "cognitrack_provider_requests_total",
      help: "HTTP requests to provider APIs (each attempt), by provider, templated endpoint and status class (2xx, 4xx, 5xx, error).",
      labelNames: ["provider", "endpoint", "status_class"] as const,
      registers,
    }),
    lastSuccess: new Gauge({
      name: "cognitrack_sync_last_success_timestamp_seconds",
      help: "When a run last synced every account of this provider, by source (read from ingestion_runs at scrape time).",
      labelNames: ["provider", "source"] as const,
      registers,
    }),
    watermark: new Gauge({
      name: "cognitrack_sync_data_watermark_timestamp_seconds",
      help: "End of the newest usage window synced in full, by provider and source (read from ingestion_runs at scrape time).",
      labelNames: ["provider", "source"] as const,
      registers,
    }),
    databaseUp: new Gauge({
      name: "cognitrack_metrics_database_up",
      help: "1 when the scrape could read sync state from the database, 0 when it could not.",
      registers,
    }),
    certificatesExpiring: new Gauge({
      name: "cognitrack_certificates_expiring",
      help: "Provider certificates expiring within 30 days (0 until certificates are synced).",
      registers,
    }),
    captureRate: new Gauge({
      name: "cognitrack_capture_rate",
      help: "Share of provider-billed spend that stored usage accounts for (0..1), by provider.",
      labelNames: ["provider"] as const,
      registers,
    }),
  };
}

export type CogniTrackMetrics = ReturnType<typeof build>;

const globalForMetrics = globalThis as unknown as { __cognitrackMetrics?: CogniTrackMetrics };

export function metrics(): CogniTrackMetrics {
  globalForMetrics.__cognitrackMetrics ??= build();
  return globalForMetrics.__cognitrackMetrics;
}
