/**
 * The Anthropic half of the fixture replay: spikes/fixtures/anthropic served by a fetch stand-in
 * (the usage report's second page only through the first page's `next_page`), ingested through
 * fetchAndStoreUsageForOrg with an Admin key, then the same window again. Deterministic output.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { rowsOf, type Db } from "@/db/types";
import { buildConfig } from "@/lib/env";
import { fetchAndStoreUsageForOrg, type IngestionProgress } from "@/lib/ingestion/fetch-and-store";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import { canonicalLines, countBy, sha256 } from "./stored-rows";
import { FixtureValidationError } from "./fixture-check";

export const ANTHROPIC_FIXTURE_BASE_URL = "https://anthropic.fixtures.invalid";
export const ANTHROPIC_FIXTURE_KEY = "sk-ant-admin01-fixture-replay-key";
const ORG_PATH = "/v1/organizations";

const FILES = {
  usage: "usage_report.json",
  usagePage2: "usage_report_page2.json",
  cost: "cost_report.json",
  workspaces: "workspaces.json",
  apiKeys: "api_keys.json",
  users: "users.json",
} as const;

type Json = Record<string, unknown>;
interface Report {
  data: { starting_at: string; results: Json[] }[];
  next_page?: string | null;
}

function readJson<T>(dir: string, name: string, problems: string[]): T | null {
  const file = path.join(dir, name);
  if (!existsSync(file)) {
    problems.push(`anthropic/${name} is missing.`);
    return null;
  }
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (e) {
    problems.push(`anthropic/${name} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** Usage rows must name a workspace workspaces.json lists (or none: the default workspace). */
export function checkAnthropicFixtures(dir: string) {
  const problems: string[] = [];
  const warnings: string[] = [];
  const workspaces = readJson<{ data: Json[] }>(dir, FILES.workspaces, problems)?.data ?? [];
  const keys = readJson<{ data: Json[] }>(dir, FILES.apiKeys, problems)?.data ?? [];
  const pages = [FILES.usage, FILES.usagePage2].map((f) => [f, readJson<Report>(dir, f, problems)] as const);
  const known = new Set(workspaces.map((w) => String(w.id)));
  const knownKeys = new Set(keys.map((k) => String(k.id)));
  const days: string[] = [];
  let results = 0;
  for (const [file, page] of pages) {
    page?.data.forEach((bucket, i) => {
      days.push(bucket.starting_at.slice(0, 10));
      bucket.results.forEach((row, j) => {
        results++;
        const where = `anthropic/${file} data[${i}].results[${j}]`;
        if (typeof row.workspace_id === "string" && !known.has(row.workspace_id)) {
          problems.push(`${where}: workspace_id "${row.workspace_id}" is not in workspaces.json.`);
        }
        if (typeof row.api_key_id === "string" && !knownKeys.has(row.api_key_id)) {
          warnings.push(`${where}: api_key_id "${row.api_key_id}" is not in api_keys.json (a deleted key?).`);
        }
      });
    });
  }
  if (days.length === 0) problems.push("anthropic/: the usage report fixtures hold no buckets.");
  if (problems.length > 0) throw new FixtureValidationError(problems);
  days.sort();
  return { warnings, firstDay: days[0]!, lastDay: days.at(-1)!, usageResults: results, workspaces: workspaces.length };
}

/** A fetch that answers the Admin API paths from the fixture files, counting requests per path. */
export function anthropicFixtureFetch(dir: string, counts = new Map<string, number>()): typeof fetch {
  const problems: string[] = [];
  const files = Object.fromEntries(
    Object.entries(FILES).map(([k, name]) => [k, JSON.stringify(readJson<Json>(dir, name, problems))]),
  ) as Record<keyof typeof FILES, string>;
  if (problems.length > 0) throw new FixtureValidationError(problems);
  const nextPage = (JSON.parse(files.usage) as Report).next_page ?? null;
  const json = (body: string, status = 200) =>
    new Response(body, { status, headers: { "content-type": "application/json" } });
  return async (input) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const endpoint = url.pathname.startsWith(ORG_PATH) ? url.pathname.slice(ORG_PATH.length) : url.pathname;
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
    const page = url.searchParams.get("page");
    switch (endpoint) {
      case "/usage_report/messages":
        if (page === null) return json(files.usage);
        if (page === nextPage) return json(files.usagePage2);
        break;
      case "/cost_report":
        return json(files.cost);
      case "/workspaces":
        return json(files.workspaces);
      case "/api_keys":
        return json(files.apiKeys);
      case "/users":
        return json(files.users);
    }
    return json(JSON.stringify({ type: "error", error: { type: "not_found_error", message: "no fixture" } }), 404);
  };
}

export const ANTHROPIC_USAGE_COLUMNS = [
  "day",
  "model",
  "project_id",
  "api_key_id",
  "service_tier",
  "context_window",
  "inference_geo",
  "input_tokens",
  "cached_input_tokens",
  "cache_write_5m_tokens",
  "cache_write_1h_tokens",
  "output_tokens",
  "web_search_requests",
  "requests",
] as const;

async function storedAnthropic(db: Db, orgId: string) {
  const usage = rowsOf<Record<string, string | null>>(
    await db.execute(sql`
      select to_char(window_start at time zone 'UTC', 'YYYY-MM-DD') as day, source, model, project_id, api_key_id,
        service_tier, context_window, inference_geo, input_tokens::text as input_tokens,
        cached_input_tokens::text as cached_input_tokens, cache_write_5m_tokens::text as cache_write_5m_tokens,
        cache_write_1h_tokens::text as cache_write_1h_tokens, output_tokens::text as output_tokens,
        web_search_requests::text as web_search_requests, requests::text as requests
      from usage_events where org_id = ${orgId}::uuid and provider = 'anthropic'`),
  );
  const [cost] = rowsOf<{ rows: string; amount: string | null }>(
    await db.execute(sql`
      select count(*)::text as rows, sum(amount_usd)::text as amount
      from cost_events where org_id = ${orgId}::uuid and provider = 'anthropic'`),
  );
  const catalog = rowsOf<Record<string, string | null>>(
    await db.execute(sql`select kind from provider_catalog where org_id = ${orgId}::uuid`),
  );
  return { usage, cost: cost!, catalog };
}

/** Replays the Anthropic fixtures into a new user's organization; `db` is a fresh database. */
export async function runAnthropicSpike(db: Db, dir: string) {
  const check = checkAnthropicFixtures(dir);
  const [user] = await db
    .insert(users)
    .values({ email: "spike-anthropic@fixtures.cognitrack.invalid", name: "Spike (anthropic)" })
    .returning();
  const org = await ensurePersonalOrganization(db, user!);
  await createKey(
    db,
    { userId: user!.id, orgId: org.id, role: "owner" },
    createKeySchema.parse({ provider: "anthropic", label: "Fixture Admin key", apiKey: ANTHROPIC_FIXTURE_KEY }),
  );
  const config = buildConfig({
    NODE_ENV: "development",
    ANTHROPIC_API_BASE_URL: ANTHROPIC_FIXTURE_BASE_URL,
    ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: "60000",
    ANTHROPIC_ADMIN_MAX_BURST: "1000",
    PROVIDER_REQUEST_TIMEOUT_MS: "10000",
  });
  const requests = new Map<string, number>();
  const batches: IngestionProgress[] = [];
  const ingest = (onProgress?: (e: IngestionProgress) => void) =>
    fetchAndStoreUsageForOrg(
      db,
      org.id,
      { start: check.firstDay, end: check.lastDay, trigger: "spike", label: "fixtures:anthropic", onProgress },
      { config, fetch: anthropicFixtureFetch(dir, requests) },
    );
  const first = await ingest((e) => batches.push({ ...e }));
  const requestsFirst = Object.fromEntries([...requests].sort(([a], [b]) => (a < b ? -1 : 1)));
  const again = await ingest();
  const stored = await storedAnthropic(db, org.id);
  const lines = canonicalLines("anthropic", stored.usage, ANTHROPIC_USAGE_COLUMNS);
  const { durationMs: _durationMs, ...telemetry } = first.telemetry;
  const sum = (column: string) => stored.usage.reduce((a, r) => a + Number(r[column] ?? 0), 0);
  return {
    covers:
      "anthropic/usage_report.json, then usage_report_page2.json via next_page; cost_report.json; workspaces, API keys and users",
    warnings: check.warnings,
    window: first.window,
    status: first.status,
    requests: requestsFirst,
    pages: batches.map((b) => ({ endpoint: b.endpoint, page: b.page, rows: b.rows })),
    telemetry,
    stored: {
      usage_events: {
        total: stored.usage.length,
        in_fixtures: check.usageResults,
        by_source: countBy(stored.usage, "source"),
        input_tokens: sum("input_tokens"),
        cached_input_tokens: sum("cached_input_tokens"),
        output_tokens: sum("output_tokens"),
        requests_null: stored.usage.filter((r) => r.requests === null).length,
      },
      cost_events: { total: Number(stored.cost.rows), amount_usd: stored.cost.amount },
      provider_catalog: { total: stored.catalog.length, by_kind: countBy(stored.catalog, "kind") },
    },
    rerun: {
      status: again.status,
      rowsFetched: again.telemetry.rowsFetched,
      rowsInserted: again.telemetry.rowsInserted,
      rowsUpdated: again.telemetry.rowsUpdated,
      rowsUnchanged: again.telemetry.rowsUnchanged,
    },
    checksum: { columns: ANTHROPIC_USAGE_COLUMNS, sha256: sha256(lines) },
  };
}
