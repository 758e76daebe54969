/**
 * One phase of the cron benchmark on a fresh database: seed the world, run the phase's cron
 * invocation(s), then check what was stored, what the queue says and what the emulator served.
 * On PostgreSQL every invocation is its own process (./cron-processes.ts); on PGlite, which one
 * process owns, they run inside the bench's process and the CPU figure includes the emulator's.
 */
import { randomBytes } from "node:crypto";
import { runDailyUsage } from "@/lib/cron/daily-usage";
import { epochDay, formatEpochDay, DAY_MS } from "@/lib/dates";
import { currentDatabase, openItemAccounts, queueCheck, runSeconds, spread, storageCheck } from "./cron-checks";
import { cronConfig, runInvocations, type CronSummary, type InvocationReport } from "./cron-processes";
import { seedCronWorld, startCronEmulator, type BenchKey, type CronWorldOptions } from "./cron-world";
import { MemorySampler } from "./memory";
import { round } from "./raw-insert";
import { openThrowawayDatabase, serverVersion } from "./throwaway-db";

export interface PhasePlan {
  name: string;
  kind: "single" | "deadline" | "concurrent";
  world: CronWorldOptions;
  concurrency: number;
  invocations: number;
  budgetS: number;
  maxS: number;
}

const log = (line: string) => process.stderr.write(line + "\n");
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Requests per key index at the emulator, 429s from the pacing taken out. */
function requestsByKey(keys: BenchKey[], counts: ReadonlyMap<string, number>, paced: ReadonlyMap<string, number>) {
  return keys.map((k) => (counts.get(k.secret) ?? 0) - (paced.get(k.secret) ?? 0));
}

function invocationFigures(r: InvocationReport) {
  const s = r.summary;
  return {
    seconds: round(r.seconds, 2),
    cpu_seconds: round(r.cpu_seconds, 2),
    postgres_cpu_seconds: r.postgres_cpu_seconds === null ? null : round(r.postgres_cpu_seconds, 2),
    peak_rss_mb: r.peak_rss_mb,
    organizations: s.organizations,
    work_items_this_run: s.workItems.thisRun,
    alerts_evaluated_for_orgs: s.alertsEvaluated,
    requests: s.telemetry.requestsMade,
    retries: s.telemetry.retries,
    rows_inserted: s.telemetry.rowsInserted,
    issues: s.telemetry.issues.map((i) => `${i.code} x${i.count}`),
  };
}

export async function runPhase(
  plan: PhasePlan,
  env: { encryptionKey: string; databaseUrl?: string },
  baseline: number[] | null,
) {
  // The cron runs just after midnight UTC: its window is the finished day (with usage) and today (none yet).
  const nowMs = (epochDay(plan.world.day) + 1) * DAY_MS + 30_000;
  const emulator = await startCronEmulator(plan.world, nowMs);
  const db = await openThrowawayDatabase({ label: `cronbench_${plan.name}`, databaseUrl: env.databaseUrl });
  try {
    const seedStart = performance.now();
    const runTag = `${plan.name}-${randomBytes(4).toString("hex")}`;
    const { keys } = await seedCronWorld(db.db, emulator, plan.world, runTag);
    const seedS = (performance.now() - seedStart) / 1000;
    log(`[${plan.name}] seeded ${keys.length} keys in ${seedS.toFixed(1)} s (${db.kind})`);
    const urls = { openaiUrl: emulator.url, anthropicUrl: emulator.anthropicUrl };
    const separate = db.kind === "postgresql" && env.databaseUrl !== undefined;
    const setup = separate
      ? {
          encryptionKey: env.encryptionKey,
          databaseUrl: await databaseUrlOf(db, env.databaseUrl!),
          ...urls,
          nowMs,
          concurrency: plan.concurrency,
        }
      : null;
    const invoke = async (n: number, budgetS: number): Promise<{ seconds: number; reports: InvocationReport[] }> => {
      if (setup) return runInvocations(setup, n, budgetS);
      const deps = { config: cronConfig(urls), now: () => nowMs };
      const started = performance.now();
      const summaries: CronSummary[] = await Promise.all(
        Array.from({ length: n }, () =>
          runDailyUsage(db.db, { concurrency: plan.concurrency, deadline: Date.now() + budgetS * 1000 }, deps),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      return {
        seconds,
        reports: summaries.map((summary) => ({
          summary,
          seconds,
          cpu_seconds: 0,
          postgres_cpu_seconds: null,
          peak_rss_mb: 0,
          peak_heap_mb: 0,
        })),
      };
    };

    const memory = new MemorySampler().start();
    const cpuStart = process.cpuUsage();
    const first = await invoke(
      plan.kind === "concurrent" ? plan.invocations : 1,
      plan.kind === "deadline" ? plan.budgetS : plan.maxS,
    );
    const benchCpu = process.cpuUsage(cpuStart);
    const runDay = formatEpochDay(Math.floor(nowMs / DAY_MS));

    let deadline = {};
    if (plan.kind === "deadline") {
      const s = first.reports[0]!.summary;
      const leftAccounts = new Set(await openItemAccounts(db.db, runDay));
      const leftKeys = keys.filter((k) => leftAccounts.has(k.accountId)).map((k) => k.index);
      const before = requestsByKey(keys, emulator.requestCounts, emulator.pacedCounts);
      const next = await invoke(1, plan.maxS);
      const after = requestsByKey(keys, emulator.requestCounts, emulator.pacedCounts);
      const fetchedNext = keys.filter((k) => after[k.index]! > before[k.index]!).map((k) => k.index);
      const left = new Set(leftKeys);
      const n = next.reports[0]!.summary;
      deadline = {
        budget_seconds: plan.budgetS,
        left_open: {
          items: s.workItems.open,
          organizations: s.organizations.unfinished,
          /** Bench key indices (0-based, user-major) whose accounts the first run left for the next. */
          key_indices: leftKeys,
        },
        reported: { message: s.message, unfinished_org_ids: s.unfinishedOrgIds.length },
        next_run: {
          seconds: round(next.seconds, 2),
          cpu_seconds: round(next.reports[0]!.cpu_seconds, 2),
          items_done: n.workItems.thisRun.done,
          open_after: n.workItems.open,
          organizations: n.organizations,
          keys_fetched: fetchedNext.length,
          fetched_exactly_the_left_keys:
            fetchedNext.length === leftKeys.length && fetchedNext.every((i) => left.has(i)),
          finished_keys_fetched_again: fetchedNext.filter((i) => !left.has(i)).length,
        },
        note: "any paced 429s here come from the next run, a fresh process, calling at once keys the first run had just used up; a real next run comes a cron tick later",
      };
    }
    const benchPeaks = memory.stop();
    const storage = await storageCheck(db.db, keys);
    const queue = await queueCheck(db.db, runDay);
    const perRun = spread(await runSeconds(db.db));
    const requests = requestsByKey(keys, emulator.requestCounts, emulator.pacedCounts);
    const paced = sum([...emulator.pacedCounts.values()]);
    const reports = first.reports;
    const result = {
      seconds: round(first.seconds, 2),
      invocations_in_own_processes: separate,
      cpu: separate
        ? {
            /** The invocations' own processes: the cron and its driver (not the emulator, not PostgreSQL). */
            cron_seconds: round(sum(reports.map((r) => r.cpu_seconds)), 2),
            per_invocation_seconds: reports.map((r) => round(r.cpu_seconds, 2)),
            cron_ms_per_provider_request: round(
              (1000 * sum(reports.map((r) => r.cpu_seconds))) /
                Math.max(1, sum(reports.map((r) => r.summary.telemetry.requestsMade))),
              2,
            ),
            /** PostgreSQL's server processes serving the invocations (sampled from /proc; a local server only). */
            postgres_seconds: reports.every((r) => r.postgres_cpu_seconds !== null)
              ? round(sum(reports.map((r) => r.postgres_cpu_seconds ?? 0)), 2)
              : null,
            /** The bench's own process during the run: the emulator serving every request, and the bench. */
            emulator_process_seconds: round((benchCpu.user + benchCpu.system) / 1e6, 2),
          }
        : {
            bench_process_seconds: round((benchCpu.user + benchCpu.system) / 1e6, 2),
            note: "PGlite: cron and emulator in one process",
          },
      peak_rss_mb: separate ? Math.max(...reports.map((r) => r.peak_rss_mb)) : benchPeaks.peak_rss_mb,
      emulator_process_peak_rss_mb: benchPeaks.peak_rss_mb,
      seed_seconds: round(seedS, 1),
      invocations: reports.map(invocationFigures),
      storage,
      queue,
      account_run_seconds: perRun,
      emulator: {
        requests: sum(requests),
        requests_per_key: spread(requests),
        paced_429s: paced,
        keys_without_requests: requests.filter((n) => n === 0).length,
        ...(baseline
          ? { keys_with_more_requests_than_single: requests.filter((n, i) => n > baseline[i]!).length }
          : {}),
      },
      ...deadline,
    };
    log(
      `[${plan.name}] ${result.seconds} s, cpu ${JSON.stringify(result.cpu)}, peak RSS ${result.peak_rss_mb} MB, ` +
        `healthy stored ${storage.healthy_keys_stored}/${storage.healthy_keys}, queue ${JSON.stringify(queue.by_state)}, paced 429s ${paced}`,
    );
    return { result, requests, version: await serverVersion(db), kind: db.kind, driver: db.driver };
  } finally {
    await db.close();
    await emulator.close();
  }
}

/** The throwaway database's own URL, for the invocation processes. */
async function databaseUrlOf(db: Awaited<ReturnType<typeof openThrowawayDatabase>>, serverUrl: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${await currentDatabase(db.db)}`;
  return url.toString();
}
