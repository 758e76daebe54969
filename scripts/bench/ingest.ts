/**
 * `npm run bench:ingest`: a year of one generated organization served by the emulator (in its own
 * process by default, ./lib/emulator-process.ts) over loopback HTTP, ingested through fetchAndStoreUsageForOrg; then the same window again
 * (all unchanged), then the same rows with a plain unnest INSERT into an empty copy of
 * usage_events, and a stage-by-stage profile of a sample. Then one Anthropic Admin key-year of the
 * same seed (the emulator's Anthropic organization). Writes audit/bench/ingest.json.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { users } from "@/db/schema";
import { rowsOf, type DbHandle } from "@/db/types";
import { buildConfig } from "@/lib/env";
import { preflightSchema } from "@/lib/ingestion/preflight";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { createOrganization, ensurePersonalOrganization } from "@/lib/orgs/create";
import { generateDataset } from "../emulator/dataset";
import { startEmulator } from "../emulator/server";
import { DAY_SECONDS, dateOf, dayStartOf } from "../emulator/types";
import { EXIT, runCli, UsageError } from "../lib/runtime";
import { parseBenchArgs } from "./lib/args";
import { startEmulatorProcess, type EmulatorProcess } from "./lib/emulator-process";
import { stopwatch, timedDataset } from "./lib/instrument";
import { MemorySampler } from "./lib/memory";
import { profileStages } from "./lib/profile";
import { costLinesCheck, rawInsertCostLines } from "./lib/raw-insert-costs";
import { writeBenchReport } from "./lib/report";
import { benchAnthropicKeyYear } from "./lib/anthropic-year";
import { benchOneDay } from "./lib/one-day";
import { createIngestRunner } from "./lib/openai-run";
import { fmt, log, printSummary, progress } from "./lib/summary";
import { createCopyTable, rawInsert, round } from "./lib/raw-insert";
import { loadHarnessEnv, openThrowawayDatabase, serverVersion } from "./lib/throwaway-db";

const HELP = `Usage: npm run bench:ingest -- [options]

Dataset (one organization; defaults give about 1M usage rows):
  --projects N        (20)     --api-keys N   per project (50)   --models N (15)
  --users N           (40)     --days N       (365)              --density X (0.17)
  --seed N            (42)     --end-date YYYY-MM-DD (2026-10-31)
  --max-results N     emulator results per page (5000)
  --emulator WHERE    process: the OpenAI emulator in its own process, as a remote provider is
                      (default); inline: in the bench's own process, sharing its CPU
Database: --database-url URL (else DATABASE_URL): a throwaway database is created on that server
  and dropped afterwards; add --in-place to use that database itself (a scratch user, deleted after).
  Neither: a throwaway PGlite in a temp folder.
  --profile-days N    days sampled by the stage profile (30; 0 = skip)
  --out FILE          (audit/bench/ingest.json)`;

function parse() {
  const args = parseBenchArgs(
    process.argv.slice(2),
    {
      "max-results": { type: "string", default: "5000" },
      emulator: { type: "string", default: "process" },
      "profile-days": { type: "string", default: "30" },
      out: { type: "string", default: "audit/bench/ingest.json" },
    },
    { endDate: "2026-10-31" },
  );
  const emulator = String(args.values.emulator);
  if (emulator !== "process" && emulator !== "inline")
    throw new UsageError(`--emulator must be "process" or "inline" (got "${emulator}")`);
  return {
    help: args.help,
    emulator,
    dataset: args.dataset,
    maxResults: args.int("max-results"),
    databaseUrl: args.databaseUrl,
    inPlace: args.inPlace,
    profileDays: args.int("profile-days", 0),
    out: String(args.values.out),
  };
}

async function openTarget(databaseUrl: string | undefined, inPlace: boolean) {
  if (inPlace) {
    if (!databaseUrl) throw new UsageError("--in-place needs --database-url or DATABASE_URL");
    const handle = await openDatabase({ kind: "pg", url: databaseUrl, autoMigrate: false });
    const preflight = await preflightSchema(handle.db);
    if (!preflight.ok) {
      await handle.close();
      throw new UsageError(preflight.missing ?? "the database is not migrated");
    }
    return {
      ...handle,
      kind: "postgresql" as const,
      where: `database ${new URL(databaseUrl).pathname.slice(1)} (in place)`,
    };
  }
  return openThrowawayDatabase({ label: "bench", databaseUrl });
}

runCli(async () => {
  const args = parse();
  if (args.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const databaseUrl = loadHarnessEnv(args.databaseUrl);
  const wallStart = performance.now();
  const loadAtStart = os.loadavg()[0]!;

  const firstDay = dateOf(dayStartOf(args.dataset.endDate) - (args.dataset.days - 1) * DAY_SECONDS);
  const lastDay = args.dataset.endDate;
  // Expected rows from a separate generator instance, so the emulator's day cache starts cold.
  const counter = generateDataset(args.dataset);
  let expectedCompletions = 0;
  let expectedEmbeddings = 0;
  for (let day = dayStartOf(firstDay); day <= dayStartOf(lastDay); day += DAY_SECONDS) {
    const usage = counter.dayUsage(day);
    expectedCompletions += usage.completions.length;
    expectedEmbeddings += usage.embeddings.length;
  }
  const expected = expectedCompletions + expectedEmbeddings;
  const estimatedPages = Math.ceil(expectedCompletions / args.maxResults) + Math.ceil(args.dataset.days / 31);
  log(
    `dataset: ${args.dataset.projects} projects x ${args.dataset.apiKeysPerProject} keys x ${args.dataset.models} models, ` +
      `${firstDay}..${lastDay}, density ${args.dataset.density}: ${fmt(expected)} rows ` +
      `(${fmt(expectedCompletions)} completions, ${fmt(expectedEmbeddings)} embeddings)`,
  );
  if (estimatedPages > 900) {
    log(
      `warning: about ${estimatedPages} completions pages; ingestion stops at 1000 pages per endpoint (raise --max-results)`,
    );
  }

  const genWatch = stopwatch();
  const dataset = timedDataset(generateDataset(args.dataset), genWatch);
  const org = dataset.organizations[0]!;
  const emulator = await startEmulator({ dataset, port: 0, maxResultsPerPage: args.maxResults });
  // The generated admin keys are short (sk-admin-emu-<seed>-1); key storage wants at least 20 characters.
  const adminKey = `sk-admin-emu-bench-${randomBytes(8).toString("hex")}`;
  emulator.registerKey({ key: adminKey, kind: "admin", org: org.id });
  // The OpenAI runs read from here; the Anthropic year stays on the in-process emulator.
  let remote: EmulatorProcess | null = null;
  let handle: DbHandle & { kind: "pglite" | "postgresql"; where: string };
  try {
    if (args.emulator === "process") {
      remote = await startEmulatorProcess(args.dataset, args.maxResults);
      await remote.registerAdminKey(adminKey, org.id);
    }
    handle = await openTarget(databaseUrl, args.inPlace);
  } catch (e) {
    await remote?.close();
    await emulator.close();
    throw e;
  }
  const db = handle.db;
  const scratchTables = [
    "bench_raw_usage_events",
    "bench_raw_one_day",
    "bench_raw_cost_events",
    ...[0, 1, 2, 3, 4].map((i) => `bench_profile_ladder_${i}`),
  ];
  let userId: string | null = null;
  const orgIds: string[] = [];
  try {
    const version = await serverVersion(handle);
    log(`database: ${handle.kind} ${version}, ${handle.where}`);
    const [user] = await db
      .insert(users)
      .values({ email: `bench-${randomBytes(4).toString("hex")}@bench.cognitrack.invalid`, name: "Ingest benchmark" })
      .returning();
    userId = user!.id;
    const tenant = await ensurePersonalOrganization(db, user!);
    orgIds.push(tenant.id);
    const newKey = async (label: string, orgId = tenant.id) =>
      (
        await createKey(
          db,
          { userId, orgId, role: "owner" },
          createKeySchema.parse({
            provider: "openai",
            label,
            usageMode: "admin",
            apiKey: adminKey,
            organizationId: org.id,
            projectId: org.projects[0]!.id,
          }),
        )
      ).key;
    const key = await newKey("Benchmark admin key");
    const config = buildConfig({
      NODE_ENV: "development",
      OPENAI_API_BASE_URL: remote?.url ?? emulator.url,
      OPENAI_ADMIN_REQUESTS_PER_MINUTE: "6000000",
      OPENAI_ADMIN_MAX_BURST: "100000",
      PROVIDER_REQUEST_TIMEOUT_MS: "120000",
    });

    // Generation is only seen when the emulator runs in this process.
    const watchedGeneration = remote ? null : genWatch;
    const runIngest = createIngestRunner({
      db,
      orgId: tenant.id,
      accountId: key.accountId,
      firstDay,
      lastDay,
      expected,
      config,
      genWatch: watchedGeneration,
    });

    const ingest = await runIngest("ingest");
    const [{ n: stored }] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from usage_events where org_id = ${tenant.id}::uuid`),
    );
    if (Number(stored) !== expected)
      log(`warning: stored ${fmt(Number(stored))} rows, the dataset has ${fmt(expected)}`);
    const costLines = await costLinesCheck(db, {
      dataset,
      providerOrgId: org.id,
      accountId: key.accountId,
      firstDay,
      lastDay,
    });
    if (costLines.stored !== costLines.served) {
      log(`warning: stored ${fmt(costLines.stored)} cost lines, the emulator served ${fmt(costLines.served)}`);
    }
    const rerun = await runIngest("rerun");
    log(`[one-day] the cron's window: ${lastDay} for a new organization`);
    const oneDay = await benchOneDay({
      db,
      day: lastDay,
      dataset: () => generateDataset(args.dataset),
      providerOrgId: org.id,
      config,
      genWatch: watchedGeneration,
      batchRows: args.maxResults,
      newAccount: async () => {
        // Its own organization: a second key of the same provider org would join the main account.
        const dayOrg = await createOrganization(db, { userId }, { name: "Benchmark one day" });
        orgIds.push(dayOrg.id);
        return { orgId: dayOrg.id, accountId: (await newKey("Benchmark one-day key", dayOrg.id)).accountId };
      },
    });
    log(
      `[one-day] ${fmt(oneDay.rows)} rows: ingest ${oneDay.ingest.seconds} s, rerun ${oneDay.rerun.seconds} s, ` +
        `raw ${oneDay.raw_insert.seconds} s (ratio ${oneDay.ratio}, rerun ${oneDay.ratio_rerun})`,
    );
    const anthropic = await benchAnthropicKeyYear(db, {
      emulator,
      seed: args.dataset.seed,
      userId,
      orgId: tenant.id,
      firstDay,
      lastDay,
      log,
    });

    const rawTable = "bench_raw_usage_events";
    await createCopyTable(db, rawTable, { indexes: true });
    const rawReport = progress("raw", expected);
    const rawMemory = new MemorySampler().start();
    const rawResult = await rawInsert(db, {
      table: rawTable,
      dataset: generateDataset(args.dataset),
      providerOrgId: org.id,
      firstDay,
      lastDay,
      batchRows: args.maxResults,
      orgId: tenant.id,
      accountId: key.accountId,
      onProgress: (n) => rawReport(n),
    });
    const raw = { ...rawResult, ...rawMemory.stop() };
    await db.execute(sql`drop table if exists ${sql.identifier(rawTable)}`);
    const rawCosts = await rawInsertCostLines(db, {
      table: "bench_raw_cost_events",
      orgId: tenant.id,
      accountId: key.accountId,
      batchRows: args.maxResults,
    });
    log(`[raw] ${fmt(rawCosts.rows)} cost lines in ${rawCosts.seconds} s`);
    // The entry point writes the cost lines too: the fair baseline is a raw insert of all of its rows.
    const rawAllSeconds = raw.seconds + rawCosts.seconds;

    let profile = null;
    if (args.profileDays > 0) {
      log(`[profile] stage timings over the first ${Math.min(args.profileDays, args.dataset.days)} days...`);
      // Its own organization: a second key of the same provider org would join the main account.
      const profileOrg = await createOrganization(db, { userId }, { name: "Benchmark profile" });
      orgIds.push(profileOrg.id);
      const profileKey = await newKey("Benchmark profile key", profileOrg.id);
      profile = await profileStages(db, {
        datasetOptions: args.dataset,
        firstDay,
        days: Math.min(args.profileDays, args.dataset.days),
        maxResultsPerPage: args.maxResults,
        orgId: profileOrg.id,
        accountId: profileKey.accountId,
      });
    }

    const cpus = os.cpus();
    const output = {
      benchmark: "ingest",
      recorded_at: new Date().toISOString(),
      dataset: {
        seed: args.dataset.seed,
        organizations: 1,
        projects: args.dataset.projects,
        api_keys_per_project: args.dataset.apiKeysPerProject,
        api_keys: args.dataset.projects * args.dataset.apiKeysPerProject,
        users: args.dataset.users,
        models: args.dataset.models,
        days: args.dataset.days,
        first_day: firstDay,
        last_day: lastDay,
        density: args.dataset.density,
        max_results_per_page: args.maxResults,
      },
      emulator:
        remote === null
          ? "in the bench's process (its page building shares the ingestion's CPU)"
          : "OpenAI: its own process (scripts/emulator.ts), as a remote provider is; Anthropic: in the bench's process",
      rows: expected,
      rows_by_source: { completions: expectedCompletions, embeddings: expectedEmbeddings },
      rows_stored: Number(stored),
      cost_lines: costLines,
      requests: ingest.summary.requests,
      pages: { ...ingest.pages, total: ingest.pages.completions + ingest.pages.embeddings },
      ingest: ingest.summary,
      rerun: rerun.summary,
      raw_insert: {
        method:
          `INSERT ... SELECT FROM unnest(...) without ON CONFLICT, ${fmt(args.maxResults)} rows per statement, ` +
          "into an empty copy of usage_events (LIKE ... INCLUDING ALL: same indexes, no foreign keys)",
        ...raw,
      },
      raw_insert_cost_lines: {
        method:
          "the cost lines the run stored, read back and inserted the same way into an empty copy of cost_events " +
          "(LIKE ... INCLUDING ALL); only the inserts are timed",
        ...rawCosts,
      },
      anthropic,
      /** raw insert of every row the run wrote (usage rows and cost lines) / the run: the like-for-like ratio */
      ratio_all_rows: round(rawAllSeconds / ingest.summary.seconds, 3),
      ratio_all_rows_rerun: round(rawAllSeconds / rerun.summary.seconds, 3),
      /** the ratio: raw insert of the usage rows alone / the run (which also writes the cost lines) */
      ratio: round(ingest.summary.rows_per_s / raw.rows_per_s, 3),
      ratio_rerun: round(rerun.summary.rows_per_s / raw.rows_per_s, 3),
      ratio_usage_pages: round(ingest.summary.usage_pages_rows_per_s / raw.rows_per_s, 3),
      /** The cron's case: one day of one organization, first run and re-run, against its own raw insert. */
      ratio_one_day: oneDay.ratio,
      ratio_one_day_rerun: oneDay.ratio_rerun,
      one_day: oneDay,
      profile,
      database: { kind: handle.kind, version, driver: handle.driver },
      machine: {
        cores: os.availableParallelism(),
        cpu: cpus[0]?.model ?? "unknown",
        memory_gb: round(os.totalmem() / 1024 ** 3, 1),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        // The machine may be shared: a 1-minute load average well above the core count means noisy figures.
        load_average_1m: { start: round(loadAtStart, 2), end: round(os.loadavg()[0]!, 2) },
      },
      wall_seconds: round((performance.now() - wallStart) / 1000, 1),
    };
    log(`wrote ${path.relative(process.cwd(), writeBenchReport(args.out, output))}`);
    printSummary(output);
    return EXIT.ok;
  } finally {
    if (args.inPlace) {
      for (const table of scratchTables) await db.execute(sql`drop table if exists ${sql.identifier(table)}`);
      for (const id of orgIds) await db.execute(sql`delete from organizations where id = ${id}::uuid`);
      if (userId) await db.execute(sql`delete from users where id = ${userId}::uuid`);
    }
    await handle.close();
    await remote?.close();
    await emulator.close();
  }
});
