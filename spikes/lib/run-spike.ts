/**
 * The admin-ingestion spike: replays spikes/fixtures through the real ingestion entry point
 * (fetchAndStoreUsageForOrg) against the emulator in fixture mode, and spikes/fixtures/anthropic
 * through the same entry point with an Anthropic Admin key, into a fresh database, and
 * returns a report that is identical on every run (no times, ports, uuids or durations in it).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  DEFAULT_FIXTURES_DIR,
  FIXTURE_ADMIN_KEY,
  FIXTURE_ORG_ID,
  loadFixtureDataset,
} from "../../scripts/emulator/fixtures";
import { startEmulator, type EmulatorHandle } from "../../scripts/emulator/server";
import { openThrowawayDatabase } from "../../scripts/bench/lib/throwaway-db";
import { users } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { buildConfig, type AppConfig } from "@/lib/env";
import { fetchAndStoreUsageForOrg, type IngestionProgress } from "@/lib/ingestion/fetch-and-store";
import type { IngestionTelemetry } from "@/lib/ingestion/telemetry";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import { checkAnthropicFixtures, runAnthropicSpike } from "./anthropic-spike";
import { checkFixtures, type FixtureCheck } from "./fixture-check";
import { CATALOG_COLUMNS, USAGE_COLUMNS, canonicalLines, catalogRows, countBy, sha256, usageRows } from "./stored-rows";

export interface SpikeOptions {
  fixturesDir?: string;
  /** PostgreSQL server to create (and drop) a fresh database on; default a temp-dir PGlite. */
  databaseUrl?: string;
  /** Tests hand in their own fresh database; the spike closes it. */
  openDb?: () => Promise<DbHandle>;
  log?: (line: string) => void;
}

interface Scenario {
  name: string;
  /** What it exercises, for the report reader. */
  covers: string;
  headers: Record<string, string>;
}

const SCENARIOS: Scenario[] = [
  {
    name: "default",
    covers:
      "usage_completions.json, then usage_completions_page2.json via next_page; usage_embeddings.json; admin lists",
    headers: {},
  },
  {
    name: "dual",
    covers: "usage_completions_dual.json (x-emulator-fixture header): batch and non-batch rows of one key and model",
    headers: { "x-emulator-fixture": "usage_completions_dual" },
  },
];

type StableTelemetry = Omit<IngestionTelemetry, "durationMs">;

/** Without the duration, and with the emulator's random port taken out of issue messages. */
function stableTelemetry(t: IngestionTelemetry, emulator: EmulatorHandle): StableTelemetry {
  const { durationMs: _durationMs, ...rest } = t;
  const host = new URL(emulator.url).host;
  return {
    ...rest,
    issues: rest.issues.map((i) => ({ ...i, message: i.message.split(host).join("<emulator>") })),
  };
}

/** `/v1/organization/projects/proj_x/users?limit=100` -> `/organization/projects/{project_id}/users`. */
function endpointOf(url: string, baseUrl: string): string {
  const relative = new URL(url).pathname.slice(new URL(baseUrl).pathname.length);
  return relative.replace(/^(\/organization\/projects\/)[^/]+/, "$1{project_id}");
}

/** deps.fetch for one scenario: adds its headers and counts requests per endpoint. */
function scenarioFetch(headers: Record<string, string>, baseUrl: string, counts: Map<string, number>): typeof fetch {
  return (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const endpoint = endpointOf(url, baseUrl);
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
    const merged = new Headers(init?.headers);
    for (const [k, v] of Object.entries(headers)) merged.set(k, v);
    return fetch(input, { ...init, headers: merged });
  };
}

function fixtureHashes(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => [
        f,
        createHash("sha256")
          .update(readFileSync(path.join(dir, f)))
          .digest("hex")
          .slice(0, 16),
      ]),
  );
}

function spikeConfig(emulator: EmulatorHandle): AppConfig {
  return buildConfig({
    NODE_ENV: "development",
    OPENAI_API_BASE_URL: emulator.url,
    OPENAI_ADMIN_REQUESTS_PER_MINUTE: "60000",
    OPENAI_ADMIN_MAX_BURST: "1000",
    PROVIDER_REQUEST_TIMEOUT_MS: "10000",
  });
}

async function runScenario(db: DbHandle["db"], emulator: EmulatorHandle, check: FixtureCheck, scenario: Scenario) {
  const [user] = await db
    .insert(users)
    .values({ email: `spike-${scenario.name}@fixtures.cognitrack.invalid`, name: `Spike (${scenario.name})` })
    .returning();
  const org = await ensurePersonalOrganization(db, user!);
  await createKey(
    db,
    { userId: user!.id, orgId: org.id, role: "owner" },
    createKeySchema.parse({
      provider: "openai",
      label: `Fixture admin key (${scenario.name})`,
      usageMode: "admin",
      apiKey: FIXTURE_ADMIN_KEY,
      organizationId: FIXTURE_ORG_ID,
      projectId: check.projectIds[0],
    }),
  );
  const config = spikeConfig(emulator);
  const requests = new Map<string, number>();
  const batches: IngestionProgress[] = [];
  const ingest = (onProgress?: (e: IngestionProgress) => void) =>
    fetchAndStoreUsageForOrg(
      db,
      org.id,
      { start: check.firstDay, end: check.lastDay, trigger: "spike", label: `fixtures:${scenario.name}`, onProgress },
      { config, fetch: scenarioFetch(scenario.headers, emulator.url, requests) },
    );
  const first = await ingest((e) => batches.push({ ...e }));
  const requestsFirst = Object.fromEntries([...requests].sort(([a], [b]) => (a < b ? -1 : 1)));
  // Same window again: every row must come back unchanged (the dedupe index at work).
  const again = await ingest();

  const usage = await usageRows(db, org.id);
  const catalog = await catalogRows(db, org.id);
  return {
    report: {
      name: scenario.name,
      covers: scenario.covers,
      window: first.window,
      status: first.status,
      requests: requestsFirst,
      pages: batches.map((b) => ({ endpoint: b.endpoint, page: b.page, rows: b.rows })),
      telemetry: stableTelemetry(first.telemetry, emulator),
      stored: {
        usage_events: { total: usage.length, by_source: countBy(usage, "source") },
        provider_catalog: {
          total: catalog.length,
          by_kind: countBy(catalog, "kind"),
          in_fixtures: {
            api_key: check.counts.projectApiKeys,
            project: check.counts.projects.total,
            service_account: check.counts.serviceAccounts,
            user: check.counts.projectUsers.unique,
          },
        },
      },
      rerun: {
        status: again.status,
        requestsMade: again.telemetry.requestsMade,
        rowsFetched: again.telemetry.rowsFetched,
        rowsInserted: again.telemetry.rowsInserted,
        rowsUpdated: again.telemetry.rowsUpdated,
        rowsUnchanged: again.telemetry.rowsUnchanged,
      },
    },
    usageLines: canonicalLines(scenario.name, usage, USAGE_COLUMNS),
    catalogLines: canonicalLines(scenario.name, catalog, CATALOG_COLUMNS),
  };
}

export async function runAdminIngestionSpike(options: SpikeOptions = {}) {
  const dir = path.resolve(options.fixturesDir ?? DEFAULT_FIXTURES_DIR);
  const log = options.log ?? (() => {});
  // Fail fast: nothing is started before the fixtures are known to agree with each other.
  const check = checkFixtures(dir);
  for (const w of check.warnings) log(`warning: ${w}`);
  for (const w of checkAnthropicFixtures(path.join(dir, "anthropic")).warnings) log(`warning: ${w}`);

  const emulator = await startEmulator({ dataset: loadFixtureDataset({ dir }), port: 0 });
  try {
    const handle = options.openDb
      ? await options.openDb()
      : await openThrowawayDatabase({ label: "spike", databaseUrl: options.databaseUrl });
    try {
      const results = [];
      for (const scenario of SCENARIOS) {
        log(`replaying fixtures: ${scenario.name}`);
        results.push(await runScenario(handle.db, emulator, check, scenario));
      }
      log("replaying fixtures: anthropic");
      const anthropic = await runAnthropicSpike(handle.db, path.join(dir, "anthropic"));
      const usageLines = results.flatMap((r) => r.usageLines).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const catalogLines = results.flatMap((r) => r.catalogLines).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const c = check.counts;
      return {
        spike: "admin_ingestion",
        entry_point: "fetchAndStoreUsageForOrg (src/lib/ingestion/fetch-and-store.ts)",
        fixtures: {
          dir: path.relative(process.cwd(), dir) || ".",
          sha256_16: fixtureHashes(dir),
          validation: { errors: [] as string[], warnings: check.warnings },
          window: { start: check.firstDay, end: check.lastDay },
        },
        fixture_counts: {
          completions: c.completions,
          embeddings: c.embeddings,
          legacy_usage_entries: c.legacyEntries,
          projects: c.projects,
          project_users: c.projectUsers,
          service_accounts: c.serviceAccounts,
          project_api_keys: c.projectApiKeys,
          admin_api_keys: c.adminApiKeys,
          certificates: c.certificates,
        },
        scenarios: results.map((r) => r.report),
        anthropic,
        rows_stored: {
          usage_events: usageLines.length,
          provider_catalog: catalogLines.length,
        },
        checksums: {
          note: "SHA-256 over sorted JSON lines [scenario, ...columns], each followed by a newline; ids, uuids and timestamps excluded",
          usage_events: { columns: USAGE_COLUMNS, sha256: sha256(usageLines) },
          provider_catalog: { columns: CATALOG_COLUMNS, sha256: sha256(catalogLines) },
        },
      };
    } finally {
      await handle.close();
    }
  } finally {
    await emulator.close();
  }
}

export type SpikeReport = Awaited<ReturnType<typeof runAdminIngestionSpike>>;

/** The report file's exact bytes: same input, same bytes. */
export function serializeReport(report: SpikeReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}
