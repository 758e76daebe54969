/**
 * `npm run bench:cron`: the daily cron at scale. `--users` organizations with `--keys-per-user`
 * admin keys each (OpenAI and Anthropic mixed, each key its own provider account), one day of
 * usage each, served by the emulator (in the bench's process) paced per credential (`--rpm`, 429 +
 * Retry-After beyond it) with `--fail-pct` of the keys failing. On PostgreSQL each cron invocation
 * runs in its own process, like separate serverless invocations sharing the database. Phases, each
 * on a fresh database:
 *   single            one invocation with room to finish: wall time, CPU, peak RSS, every healthy key stored
 *   deadline          one invocation with a `--budget-s` budget: which keys it leaves open and reports,
 *                     then the next invocation does exactly those
 *   concurrent        `--invocations` invocations at once on the same queue: wall time against single,
 *                     no key fetched twice (requests per credential at the emulator), none skipped
 *   paced_single      single and concurrent again on a smaller world with few accounts in flight per
 *   paced_concurrent  invocation (`--paced-users`, `--paced-concurrency`, `--paced-rpm`), so the bottleneck is
 *                     waiting for the provider's pace, not CPU: the queue divides waiting work
 * Writes audit/bench/cron.json.
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { configureLogger } from "@/lib/logger";
import { checkDate } from "../backfill/args";
import { EXIT, runCli, UsageError } from "../lib/runtime";
import { runPhase, type PhasePlan } from "./lib/cron-phase";
import { loadCronHarnessEnv } from "./lib/cron-processes";
import type { CronWorldOptions } from "./lib/cron-world";
import { round } from "./lib/raw-insert";
import { writeBenchReport } from "./lib/report";

const HELP = `Usage: npm run bench:cron -- [options]

World:   --users N (200)  --keys-per-user N (5, at most 10)  --fail-pct X (5)
         --rpm N emulator requests per minute per key (60)  --burst N (10)
         --day YYYY-MM-DD the day of usage fetched (2026-10-31)  --seed N (7)
         --projects N (3)  --api-keys N per project (4)  --models N (4)  --density X (0.5)
Cron:    --concurrency N accounts in flight per invocation (300)  --budget-s N (30)
         --max-s N budget of the runs meant to finish (600)  --invocations N (3)
         --phases single,deadline,concurrent,paced_single,paced_concurrent (all)
Paced:   --paced-rpm N (60)  --paced-users N (12)  --paced-concurrency N (10): the waiting-bound pair
Database: --database-url URL (else DATABASE_URL; a throwaway database per phase), else PGlite.
         --out FILE (audit/bench/cron.json)
Scaled down, e.g.: --users 20 --keys-per-user 5 --budget-s 5`;

const PHASES = ["single", "deadline", "concurrent", "paced_single", "paced_concurrent"] as const;
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
        concurrency: { type: "string", default: "300" },
        "budget-s": { type: "string", default: "30" },
        "max-s": { type: "string", default: "600" },
        invocations: { type: "string", default: "3" },
        phases: { type: "string", default: PHASES.join(",") },
        "paced-rpm": { type: "string", default: "60" },
        "paced-users": { type: "string", default: "12" },
        "paced-concurrency": { type: "string", default: "10" },
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
    paced: { rpm: num("paced-rpm", 1), users: num("paced-users", 1), concurrency: num("paced-concurrency", 1) },
    databaseUrl: v["database-url"] as string | undefined,
    out: String(v.out),
  };
}

const log = (line: string) => process.stderr.write(line + "\n");
type Args = ReturnType<typeof parse>;

function planOf(args: Args, phase: Phase): PhasePlan {
  const base = {
    name: phase,
    world: args.world,
    concurrency: args.concurrency,
    invocations: args.invocations,
    budgetS: args.budgetS,
    maxS: args.maxS,
  };
  const paced = { ...args.world, requestsPerMinute: args.paced.rpm, users: args.paced.users };
  switch (phase) {
    case "single":
    case "deadline":
    case "concurrent":
      return { ...base, kind: phase };
    case "paced_single":
      return { ...base, kind: "single", world: paced, concurrency: args.paced.concurrency };
    case "paced_concurrent":
      return { ...base, kind: "concurrent", world: paced, concurrency: args.paced.concurrency };
  }
}

runCli(async () => {
  const args = parse();
  if (args.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const env = loadCronHarnessEnv(args.databaseUrl);
  configureLogger({ level: "error" });
  const wallStart = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  const phases: Record<string, unknown> = {};
  const baselines: Partial<Record<Phase, number[]>> = {};
  let database = { kind: "pglite", version: "unknown", driver: "pglite" as string };
  for (const phase of PHASES) {
    if (!args.phases.includes(phase)) continue;
    const baseline =
      phase === "concurrent" ? baselines.single : phase === "paced_concurrent" ? baselines.paced_single : null;
    const loadAtPhaseStart = round(os.loadavg()[0]!, 2);
    log(`[${phase}] load average ${loadAtPhaseStart}`);
    const out = await runPhase(planOf(args, phase), env, baseline ?? null);
    baselines[phase] = out.requests;
    phases[phase] = {
      load_average_1m: { start: loadAtPhaseStart, end: round(os.loadavg()[0]!, 2) },
      ...out.result,
    };
    database = { kind: out.kind, version: out.version, driver: out.driver };
  }
  type PhaseResult = {
    seconds: number;
    cpu: { cron_seconds?: number; emulator_process_seconds?: number; postgres_seconds?: number | null };
  };
  const single = phases.single as PhaseResult | undefined;
  const concurrent = phases.concurrent as PhaseResult | undefined;
  const pacedSingle = phases.paced_single as PhaseResult | undefined;
  const pacedConcurrent = phases.paced_concurrent as PhaseResult | undefined;
  const cores = os.availableParallelism();
  const cpuOf = (p: PhaseResult) =>
    (p.cpu.cron_seconds ?? 0) + (p.cpu.emulator_process_seconds ?? 0) + (p.cpu.postgres_seconds ?? 0);
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
      paced_pair: {
        organizations: args.paced.users,
        keys: args.paced.users * args.world.keysPerUser,
        requests_per_minute_per_key: args.paced.rpm,
        concurrency_per_invocation: args.paced.concurrency,
        note: "a smaller world with few accounts in flight per invocation: each slot is held by a key waiting for its provider pace, so waiting, not CPU, bounds the single run",
      },
    },
    targets: { single_wall_s: "< 60", peak_rss_mb: "< 512", concurrent_vs_single: "about 1/3" },
    phases,
    ratios: {
      concurrent_over_single_seconds: single && concurrent ? round(concurrent.seconds / single.seconds, 3) : null,
      paced_concurrent_over_paced_single_seconds:
        pacedSingle && pacedConcurrent ? round(pacedConcurrent.seconds / pacedSingle.seconds, 3) : null,
    },
    /** Whether "a third of single" fits on this machine: the concurrent phase cannot beat its CPU divided by the cores. */
    concurrency_limit:
      single && concurrent
        ? {
            cores,
            single_seconds: single.seconds,
            a_third_of_single_seconds: round(single.seconds / 3, 2),
            concurrent_cpu_seconds_cron_emulator_and_postgres: round(cpuOf(concurrent), 2),
            concurrent_cpu_floor_seconds: round(cpuOf(concurrent) / cores, 2),
            a_third_possible_here: cpuOf(concurrent) / cores <= single.seconds / 3,
            note: "other agents share the same cores (see the load averages), so the floor is optimistic",
          }
        : null,
    database,
    machine: {
      cores,
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
