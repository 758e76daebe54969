/**
 * `npm run bench:cron`: the daily cron at scale. `--users` organizations with `--keys-per-user`
 * admin keys each (OpenAI and Anthropic mixed, each key its own provider account), one day of
 * usage each, served by the in-process emulator paced per credential (`--rpm`, 429 + Retry-After
 * beyond it) with `--fail-pct` of the keys failing. Three phases, each on a fresh database:
 *   single      one invocation with room to finish: wall time, peak RSS, every healthy key stored
 *   deadline    one invocation with a `--budget-s` budget: what it leaves open and reports, then
 *               the next invocation finishes exactly that
 *   concurrent  `--invocations` invocations at once on the same queue: wall time against single,
 *               no key fetched twice (requests per credential at the emulator), none skipped
 * Writes audit/bench/cron.json.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runDailyUsage } from "@/lib/cron/daily-usage";
import { epochDay, formatEpochDay, DAY_MS } from "@/lib/dates";
import { buildConfig } from "@/lib/env";
import { configureLogger } from "@/lib/logger";
import { checkDate } from "../backfill/args";
import { EXIT, runCli, UsageError } from "../lib/runtime";
import { queueCheck, runSeconds, spread, storageCheck } from "./lib/cron-checks";
import { seedCronWorld, startCronEmulator, type BenchKey, type CronWorldOptions } from "./lib/cron-world";
import { MemorySampler } from "./lib/memory";
import { round } from "./lib/raw-insert";
import { writeBenchReport } from "./lib/report";
import { loadHarnessEnv, openThrowawayDatabase, serverVersion } from "./lib/throwaway-db";

const HELP = `Usage: npm run bench:cron -- [options]

World:   --users N (200)  --keys-per-user N (5, at most 10)  --fail-pct X (5)
         --rpm N emulator requests per minute per key (60)  --burst N (10)
         --day YYYY-MM-DD the day of usage fetched (2026-10-31)  --seed N (7)
         --projects N (3)  --api-keys N per project (4)  --models N (4)  --density X (0.5)
Cron:    --concurrency N accounts in flight per invocation (100)  --budget-s N (30)
         --max-s N budget of the runs meant to finish (600)  --invocations N (3)
         --phases single,deadline,concurrent (all)
Database: --database-url URL (else DATABASE_URL; a throwaway database per phase), else PGlite.
         --out FILE (audit/bench/cron.json)
Scaled down, e.g.: --users 20 --keys-per-user 5 --budget-s 5`;

const PHASES = ["single", "deadline", "concurrent"] as const;
type Phase = (typeof PHASES)[number];

function parse() {
  let v: Record<string, string | boolean | undefined>;
  try {
    v = parseArgs({
      args: process.argv.slice(2),
      options: {
        users: { type: "string", default: "200" },
        "keys-per-user": { type: "string", default: "5" },
        "fail-pct": { type: "string", default: "5" },
        rpm: { type: "string", default: "60" },
        burst: { type: "string", default: "10" },
        day: { type: "string", default: "2026-10-31" },
        seed: { type: "string", default: "7" },
        projects: { type: "string", default: "3" },
        "api-keys": { type: "string", default: "4" },
        models: { type: "string", default: "4" },
        density: { type: "string", default: "0.5" },
        concurrency: { type: "string", default: "100" },
        "budget-s": { type: "string", default: "30" },
        "max-s": { type: "string", default: "600" },
        invocations: { type: "string", default: "3" },
        phases: { type: "string", default: PHASES.join(",") },
        "database-url": { type: "string" },
        out: { type: "string", default: "audit/bench/cron.json" },
        help: { type: "boolean", default: false },
      },
    }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const num = (name: string, min: number, max = Infinity, integer = true) => {
    const n = Number(v[name]);
    if (!(Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n))))
      throw new UsageError(
        `--${name} must be ${integer ? "an integer" : "a number"} in ${min}..${max} (got "${v[name]}")`,
      );
    return n;
  };
  const phases = String(v.phases)
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of phases)
    if (!(PHASES as readonly string[]).includes(p)) throw new UsageError(`unknown phase "${p}" (${PHASES.join(", ")})`);
  const world: CronWorldOptions = {
    users: num("users", 1),
    keysPerUser: num("keys-per-user", 1, 10),
    failPct: num("fail-pct", 0, 100, false),
    requestsPerMinute: num("rpm", 1),
    burst: num("burst", 1),
    seed: num("seed", 0),
    day: checkDate(String(v.day), "--day")!,
    projects: num("projects", 1),
    apiKeysPerProject: num("api-keys", 1),
    models: num("models", 1),
    density: num("density", 0.01, 1, false),
  };
  return {
    help: Boolean(v.help),
    world,
    concurrency: num("concurrency", 1),
    budgetS: num("budget-s", 1),
    maxS: num("max-s", 1),
    invocations: num("invocations", 1, 20),
    phases: phases as Phase[],
    databaseUrl: v["database-url"] as string | undefined,
    out: String(v.out),
  };
}

const log = (line: string) => process.stderr.write(line + "\n");
type Args = ReturnType<typeof parse>;
type Summary = Awaited<ReturnType<typeof runDailyUsage>>;

/** Requests per key index at the emulator, 429s from the pacing taken out. */
function requestsByKey(keys: BenchKey[], counts: ReadonlyMap<string, number>, paced: ReadonlyMap<string, number>) {
  return keys.map((k) => (counts.get(k.secret) ?? 0) - (paced.get(k.secret) ?? 0));
}

async function runPhase(args: Args, databaseUrl: string | undefined, phase: Phase, baseline: number[] | null) {
  // The cron runs just after midnight UTC: its window is the finished day (with usage) and today (none yet).
  const nowMs = (epochDay(args.world.day) + 1) * DAY_MS + 30_000;
  const emulator = await startCronEmulator(args.world, nowMs);
  const db = await openThrowawayDatabase({ label: `cronbench_${phase}`, databaseUrl });
  try {
    const seedStart = performance.now();
    const { keys } = await seedCronWorld(db.db, emulator, args.world, `${phase}-${randomBytes(4).toString("hex")}`);
    const seedS = (performance.now() - seedStart) / 1000;
    log(`[${phase}] seeded ${keys.length} keys in ${seedS.toFixed(1)} s (${db.kind})`);
    const config = buildConfig({
      NODE_ENV: "development",
      OPENAI_API_BASE_URL: emulator.url,
      ANTHROPIC_API_BASE_URL: emulator.anthropicUrl,
      INGESTION_DEFAULT_DAYS: "1",
      PROVIDER_MAX_ATTEMPTS: "3",
    });
    const deps = { config, now: () => nowMs };
    const invoke = (budgetS: number) =>
      runDailyUsage(db.db, { concurrency: args.concurrency, deadline: Date.now() + budgetS * 1000 }, deps);

    const memory = new MemorySampler().start();
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    let summaries: Summary[];
    let followUp: { seconds: number; summary: Summary } | null = null;
    if (phase === "concurrent") {
      summaries = await Promise.all(Array.from({ length: args.invocations }, () => invoke(args.maxS)));
    } else {
      summaries = [await invoke(phase === "deadline" ? args.budgetS : args.maxS)];
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    if (phase === "deadline") {
      const t = performance.now();
      const summary = await invoke(args.maxS);
      followUp = { seconds: round((performance.now() - t) / 1000, 2), summary };
    }
    const peaks = memory.stop();
    const runDay = formatEpochDay(Math.floor(nowMs / DAY_MS));
    const storage = await storageCheck(db.db, keys);
    const queue = await queueCheck(db.db, runDay);
    const perRun = spread(await runSeconds(db.db));
    const requests = requestsByKey(keys, emulator.requestCounts, emulator.pacedCounts);
    const paced = [...emulator.pacedCounts.values()].reduce((a, b) => a + b, 0);
    const fetchedMoreThanBaseline = baseline ? requests.filter((n, i) => n > baseline[i]!).length : null;
    const first = summaries[0]!;
    const result = {
      seconds: round(seconds, 2),
      /** CPU of this process (app, emulator, drivers; not the PostgreSQL server): on a shared machine the honest cost */
      cpu_seconds: round((cpu.user + cpu.system) / 1e6, 2),
      ...peaks,
      seed_seconds: round(seedS, 1),
      invocations: summaries.map((s) => ({
        organizations: s.organizations,
        work_items_this_run: s.workItems.thisRun,
        requests: s.telemetry.requestsMade,
        retries: s.telemetry.retries,
        rows_inserted: s.telemetry.rowsInserted,
        issues: s.telemetry.issues.map((i) => `${i.code} x${i.count}`),
      })),
      storage,
      queue,
      account_run_seconds: perRun,
      emulator: {
        requests: requests.reduce((a, b) => a + b, 0),
        requests_per_key: spread(requests),
        paced_429s: paced,
        ...(baseline ? { keys_with_more_requests_than_single: fetchedMoreThanBaseline } : {}),
      },
      ...(phase === "deadline"
        ? {
            budget_seconds: args.budgetS,
            left_open: { items: first.workItems.open, organizations: first.organizations.unfinished },
            reported: { message: first.message, unfinished_org_ids: first.unfinishedOrgIds.length },
            next_run: followUp && {
              seconds: followUp.seconds,
              items_done: followUp.summary.workItems.thisRun.done,
              open_after: followUp.summary.workItems.open,
              organizations: followUp.summary.organizations,
            },
          }
        : {}),
    };
    log(
      `[${phase}] ${result.seconds} s (cpu ${result.cpu_seconds} s), peak RSS ${peaks.peak_rss_mb} MB, healthy stored ${storage.healthy_keys_stored}/${storage.healthy_keys}, ` +
        `queue ${JSON.stringify(queue.by_state)}, paced 429s ${paced}` +
        (phase === "deadline"
          ? `, left open ${first.workItems.open} items; next run did ${followUp?.summary.workItems.thisRun.done}`
          : ""),
    );
    return { result, requests, version: await serverVersion(db), kind: db.kind, driver: db.driver };
  } finally {
    await db.close();
    await emulator.close();
  }
}

runCli(async () => {
  const args = parse();
  if (args.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const databaseUrl = loadHarnessEnv(args.databaseUrl);
  configureLogger({ level: "error" });
  const wallStart = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  const phases: Record<string, unknown> = {};
  let baseline: number[] | null = null;
  let database = { kind: "pglite", version: "unknown", driver: "pglite" as string };
  for (const phase of PHASES) {
    if (!args.phases.includes(phase)) continue;
    const out = await runPhase(args, databaseUrl, phase, phase === "concurrent" ? baseline : null);
    if (phase === "single") baseline = out.requests;
    phases[phase] = out.result;
    database = { kind: out.kind, version: out.version, driver: out.driver };
  }
  const single = phases.single as { seconds: number } | undefined;
  const concurrent = phases.concurrent as { seconds: number } | undefined;
  const keys = args.world.users * args.world.keysPerUser;
  const cpus = os.cpus();
  const output = {
    benchmark: "cron",
    recorded_at: new Date().toISOString(),
    dataset: {
      organizations: args.world.users,
      keys,
      keys_per_organization: args.world.keysPerUser,
      providers: "openai and anthropic admin keys alternating; each key its own provider account",
      failing_keys_pct: args.world.failPct,
      failing_modes: "half 401 on every request, half 500 on every request",
      usage_day: args.world.day,
      emulator_pacing: { requests_per_minute_per_key: args.world.requestsPerMinute, burst: args.world.burst },
      provider_orgs: {
        projects: args.world.projects,
        api_keys_per_project: args.world.apiKeysPerProject,
        models: args.world.models,
        density: args.world.density,
      },
      cron: {
        concurrency_per_invocation: args.concurrency,
        budget_seconds: args.budgetS,
        invocations: args.invocations,
      },
    },
    targets: { single_wall_s: "< 60", peak_rss_mb: "< 512", concurrent_vs_single: "about 1/3" },
    phases,
    ratios: {
      concurrent_over_single_seconds: single && concurrent ? round(concurrent.seconds / single.seconds, 3) : null,
    },
    database,
    machine: {
      cores: os.availableParallelism(),
      cpu: cpus[0]?.model ?? "unknown",
      memory_gb: round(os.totalmem() / 1024 ** 3, 1),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      load_average_1m: { start: round(loadAtStart, 2), end: round(os.loadavg()[0]!, 2) },
    },
    wall_seconds: round((performance.now() - wallStart) / 1000, 1),
  };
  log(`wrote ${path.relative(process.cwd(), writeBenchReport(args.out, output))}`);
  console.log(JSON.stringify({ phases: Object.keys(phases), ratios: output.ratios }, null, 0));
  return EXIT.ok;
});
