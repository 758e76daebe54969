/**
 * A scrape after real runs against the emulator: one organization whose second account's key is
 * refused (401), one whose only key works. The series are there, the failure is counted under its
 * reason, last success and watermark come from ingestion_runs, and no label holds an id.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import type { DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { readMoneyState } from "@/lib/metrics/money-state";
import { forgetCachedSyncState, renderMetrics } from "@/lib/metrics/scrape";
import { createTestDb } from "../test-db";
import { adminCredential, emulatorConfig, orgWithAdminKey, startTestEmulator, WINDOW } from "../ingestion/harness";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startTestEmulator({ maxResultsPerPage: 500, organizations: 2 });
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

/** `name{labels} value` lines of one metric, as label-string -> value. */
function series(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m && m[1] === name) out.set(m[2] ?? "", Number(m[3]));
  }
  return out;
}
const value = (text: string, name: string, labels: string) => series(text, name).get(labels) ?? 0;

async function scrape() {
  forgetCachedSyncState();
  return (await renderMetrics(async () => handle.db)).body;
}

describe("GET /api/metrics content after a run with one failing key", () => {
  it("counts runs, the failure by reason and requests by endpoint; reads last success from the database; no ids in labels", async () => {
    const before = await scrape();
    const startedAt = Date.now() / 1000;

    // Organization 1: a good account and an account whose key the provider refuses.
    const { orgId: mixedOrg, actor, key: goodKey } = await orgWithAdminKey(handle.db, emulator, undefined, "Good");
    const second = adminCredential(emulator, 1);
    const refused = "sk-admin-emufaultunauthorizedMETRICSxxxxxxxx";
    emulator.registerKey({ key: refused, kind: "admin", fault: "unauthorized", org: second.organizationId });
    const { key: badKey } = await createKey(
      handle.db,
      actor,
      createKeySchema.parse({ provider: "openai", label: "Refused", usageMode: "admin", ...second, apiKey: refused }),
    );
    // Organization 2: only a good key.
    const { orgId: goodOrg } = await orgWithAdminKey(handle.db, emulator, undefined, "Only good");

    const config = emulatorConfig(emulator);
    const mixed = await fetchAndStoreUsageForOrg(handle.db, mixedOrg, { ...WINDOW, trigger: "cron" }, { config });
    const good = await fetchAndStoreUsageForOrg(handle.db, goodOrg, { ...WINDOW, trigger: "cron" }, { config });
    expect(mixed.status).toBe("partial");
    expect(good.status).toBe("succeeded");
    expect(mixed.telemetry.providers).toEqual({ openai: "failed" });
    expect(good.telemetry.providers).toEqual({ openai: "ok" });

    const after = await scrape();
    const cron = '{provider="openai",source="cron"}';
    expect(value(after, "cognitrack_sync_runs_total", cron) - value(before, "cognitrack_sync_runs_total", cron)).toBe(
      3,
    );
    const authFailed = '{provider="openai",source="cron",reason="AUTH_FAILED"}';
    expect(
      value(after, "cognitrack_sync_failures_total", authFailed) -
        value(before, "cognitrack_sync_failures_total", authFailed),
    ).toBe(1);
    expect(
      value(after, "cognitrack_sync_duration_seconds_count", cron) -
        value(before, "cognitrack_sync_duration_seconds_count", cron),
    ).toBe(3);
    expect(value(after, "cognitrack_rows_upserted_total", cron)).toBeGreaterThan(
      value(before, "cognitrack_rows_upserted_total", cron),
    );

    const requests = series(after, "cognitrack_provider_requests_total");
    const ok = [...requests].filter(([l, n]) => l.includes('status_class="2xx"') && n > 0).map(([l]) => l);
    expect(ok).toContain('{provider="openai",endpoint="/v1/organization/usage/completions",status_class="2xx"}');
    expect(
      [...requests].some(([l, n]) => l.includes('status_class="4xx"') && l.includes("/usage/completions") && n > 0),
    ).toBe(true);

    // Only organization 2's run synced every openai account: it alone sets last success and the watermark.
    const lastSuccess = value(after, "cognitrack_sync_last_success_timestamp_seconds", cron);
    expect(lastSuccess).toBeGreaterThanOrEqual(Math.floor(startedAt) - 1);
    const watermark = value(after, "cognitrack_sync_data_watermark_timestamp_seconds", cron);
    expect(watermark).toBe(Date.parse("2026-11-01T00:00:00Z") / 1000);
    expect(value(after, "cognitrack_metrics_database_up", "")).toBe(1);
    expect(series(after, "process_cpu_user_seconds_total").size).toBe(1);

    // No label value is an id of ours or the provider's.
    const labelValues = [...after.matchAll(/="([^"]*)"/g)].map((m) => m[1]!);
    expect(labelValues.length).toBeGreaterThan(10);
    const ids = [mixedOrg, goodOrg, goodKey.id, badKey.id, second.organizationId, second.projectId];
    for (const v of labelValues) {
      expect(v).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      for (const id of ids) expect(v).not.toContain(id);
    }
  });

  it("reads the capture rate per provider and the certificates expiring from the database", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator, undefined, "Money");
    const config = emulatorConfig(emulator);
    const run = await fetchAndStoreUsageForOrg(handle.db, orgId, { ...WINDOW, trigger: "cron" }, { config });
    expect(run.status).toBe("succeeded");
    // As seen on the day after the window: its last 7 days are closed and billed by the emulator.
    const state = await readMoneyState(handle.db, new Date("2026-11-01T12:00:00Z"));
    const openai = state.captureRates.find((r) => r.provider === "openai");
    expect(openai, JSON.stringify(state)).toBeDefined();
    // The emulator bills its own price list; computed cost comes from the price library: close, not equal.
    expect(openai!.ratio).toBeGreaterThan(0.5);
    expect(openai!.ratio).toBeLessThan(1.5);
    expect(Number.isInteger(state.certificatesExpiring)).toBe(true);
    // Before any cost was billed there is no rate at all, rather than a made-up one.
    expect((await readMoneyState(handle.db, new Date("2026-09-01T00:00:00Z"))).captureRates).toEqual([]);
  });

  it("keeps serving the process's series when the database cannot be read", async () => {
    forgetCachedSyncState();
    const { body } = await renderMetrics(async () => {
      throw new Error("database down");
    });
    expect(value(body, "cognitrack_metrics_database_up", "")).toBe(0);
    expect(body).toContain("cognitrack_sync_runs_total");
  });
});
