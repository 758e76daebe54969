/**
 * One Anthropic Admin key-year through the same entry point as the OpenAI run: the emulator's
 * Anthropic organization (generated beside the OpenAI one from the same seed), its usage report
 * (`limit` 31 daily buckets per page, split further at the emulator's results cap) and cost report.
 */
import type { Db } from "@/db/types";
import { buildConfig } from "@/lib/env";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { anthropicAdminKey } from "../../emulator/anthropic/dataset";
import type { EmulatorHandle } from "../../emulator/server";
import { DAY_SECONDS, dayStartOf } from "../../emulator/types";
import { MemorySampler } from "./memory";
import { round } from "./raw-insert";
import { percentileOf } from "./stats";

export interface AnthropicYearOptions {
  emulator: EmulatorHandle;
  seed: number;
  userId: string;
  orgId: string;
  firstDay: string;
  lastDay: string;
  log: (line: string) => void;
}

export function expectedAnthropicRows(emulator: EmulatorHandle, firstDay: string, lastDay: string): number {
  const anthropic = emulator.dataset.anthropic;
  if (!anthropic) return 0;
  const orgId = anthropic.organizations[0]!.id;
  let rows = 0;
  for (let day = dayStartOf(firstDay); day <= dayStartOf(lastDay); day += DAY_SECONDS) {
    rows += anthropic.dayUsage(day, orgId).length;
  }
  return rows;
}

export async function benchAnthropicKeyYear(db: Db, opts: AnthropicYearOptions) {
  const anthropic = opts.emulator.dataset.anthropic;
  if (!anthropic) throw new Error("the emulator's dataset has no Anthropic organization");
  const org = anthropic.organizations[0]!;
  const expected = expectedAnthropicRows(opts.emulator, opts.firstDay, opts.lastDay);
  const { key } = await createKey(
    db,
    { userId: opts.userId, orgId: opts.orgId, role: "owner" },
    createKeySchema.parse({
      provider: "anthropic",
      label: "Benchmark Anthropic admin key",
      apiKey: anthropicAdminKey(opts.seed, 0),
    }),
  );
  const config = buildConfig({
    NODE_ENV: "development",
    ANTHROPIC_API_BASE_URL: opts.emulator.anthropicUrl,
    ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: "6000000",
    ANTHROPIC_ADMIN_MAX_BURST: "100000",
    PROVIDER_REQUEST_TIMEOUT_MS: "120000",
  });
  opts.log(
    `[anthropic] ${org.workspaces.length} workspaces, ${org.apiKeys.length} API keys, ${expected.toLocaleString("en-US")} usage rows`,
  );

  const pages = { messages: 0, cost_report: 0 };
  const usagePageMs: number[] = [];
  const costPageMs: number[] = [];
  let rowsOnPages = 0;
  const memory = new MemorySampler().start();
  const started = performance.now();
  let pageStarted = started;
  let lastPageAt = started;
  const result = await fetchAndStoreUsageForOrg(
    db,
    opts.orgId,
    {
      start: opts.firstDay,
      end: opts.lastDay,
      trigger: "bench",
      label: "bench:anthropic",
      accountIds: [key.accountId],
      onProgress: (e) => {
        // A page's time: fetch, parse, normalize and upsert, from the end of the page before it.
        const now = performance.now();
        if (e.endpoint === "cost_report") {
          pages.cost_report++;
          costPageMs.push(now - pageStarted);
        } else {
          pages.messages++;
          usagePageMs.push(now - pageStarted);
          rowsOnPages += e.rows;
        }
        pageStarted = lastPageAt = now;
      },
    },
    { config },
  );
  const finished = performance.now();
  const seconds = (finished - started) / 1000;
  const t = result.telemetry;
  if (result.status !== "succeeded" || t.issues.length > 0) {
    opts.log(`[anthropic] status ${result.status}: ${t.issues.map((i) => `${i.code}: ${i.message}`).join(" | ")}`);
  }
  if (rowsOnPages !== expected) {
    opts.log(`[anthropic] warning: fetched ${rowsOnPages} usage rows, the dataset has ${expected}`);
  }
  const ms = (v: number) => round(v, 1);
  return {
    key: "one Admin key: the emulator's Anthropic organization for the same seed and window",
    organization: {
      workspaces: org.workspaces.length,
      api_keys: org.apiKeys.length,
      users: org.users.length,
    },
    status: result.status,
    rows: expected,
    rows_fetched: t.rowsFetched,
    rows_inserted: t.rowsInserted,
    pages: { ...pages, total: pages.messages + pages.cost_report },
    requests: t.requestsMade,
    retries: t.retries,
    seconds: round(seconds, 2),
    rows_per_s: Math.round(t.rowsFetched / seconds),
    usage_page_ms: { median: ms(percentileOf(usagePageMs, 50)), p95: ms(percentileOf(usagePageMs, 95)) },
    cost_page_ms: { median: ms(percentileOf(costPageMs, 50)), p95: ms(percentileOf(costPageMs, 95)) },
    /** after the last page: the rollup refresh, the names catalog and the run log */
    after_last_page_s: round((finished - lastPageAt) / 1000, 2),
    ...memory.stop(),
  };
}
