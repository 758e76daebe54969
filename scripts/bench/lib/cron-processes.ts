/**
 * The cron benchmark's invocations, each in its own Node process (./cron-child.ts) like separate
 * serverless invocations: they share only the database (and its work queue) and the emulator, which
 * stays in the bench's process. A child starts, connects and reports ready; the phase's clock starts
 * when every child is told to go, so process start-up and module loading are not counted as cron work.
 * Each child measures its own CPU and peak memory: the product's figures, apart from the emulator's.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { runDailyUsage } from "@/lib/cron/daily-usage";
import { buildConfig, getConfig, type AppConfig } from "@/lib/env";
import { loadCliEnv } from "../../lib/runtime";

export type CronSummary = Awaited<ReturnType<typeof runDailyUsage>>;

export interface InvocationSetup {
  encryptionKey: string;
  databaseUrl: string;
  openaiUrl: string;
  anthropicUrl: string;
  nowMs: number;
  concurrency: number;
}

export interface InvocationReport {
  summary: CronSummary;
  seconds: number;
  /** CPU of the invocation's own process (the cron and its database driver; not the emulator, not PostgreSQL). */
  cpu_seconds: number;
  /** CPU of the PostgreSQL server processes serving it (local server only; null otherwise). */
  postgres_cpu_seconds: number | null;
  peak_rss_mb: number;
  peak_heap_mb: number;
}

export type ToChild = { type: "setup"; setup: InvocationSetup } | { type: "go"; budgetS: number };
export type FromChild =
  { type: "ready" } | { type: "done"; report: InvocationReport } | { type: "error"; message: string };

/** The bench's environment: a fresh encryption key (children get the same one) and the database URL, if any. */
export function harnessEnvOverrides(encryptionKey: string) {
  return { ENCRYPTION_KEY: encryptionKey, ENCRYPTION_KEY_VERSION: "1", ENCRYPTION_PREVIOUS_KEYS: "" };
}

export function loadCronHarnessEnv(databaseUrlArg?: string) {
  const encryptionKey = randomBytes(32).toString("base64");
  loadCliEnv(harnessEnvOverrides(encryptionKey));
  const configured = getConfig().database;
  return { encryptionKey, databaseUrl: databaseUrlArg ?? (configured.kind === "pglite" ? undefined : configured.url) };
}

/** The cron's configuration against the emulator: one day per run, three attempts per request. */
export function cronConfig(urls: { openaiUrl: string; anthropicUrl: string }): AppConfig {
  return buildConfig({
    NODE_ENV: "development",
    OPENAI_API_BASE_URL: urls.openaiUrl,
    ANTHROPIC_API_BASE_URL: urls.anthropicUrl,
    INGESTION_DEFAULT_DAYS: "1",
    PROVIDER_MAX_ATTEMPTS: "3",
  });
}

const CHILD = fileURLToPath(new URL("./cron-child.ts", import.meta.url));

/** One invocation's process, started and connected, waiting for `run`. */
export class InvocationProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly next: () => Promise<FromChild>,
  ) {}

  static async start(setup: InvocationSetup): Promise<InvocationProcess> {
    // The parent's execArgv carries tsx's loader, so the child runs TypeScript the same way.
    const child = fork(CHILD, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const queue: FromChild[] = [];
    const waiting: ((m: FromChild) => void)[] = [];
    const deliver = (m: FromChild) => {
      const w = waiting.shift();
      if (w) w(m);
      else queue.push(m);
    };
    child.on("message", (m) => deliver(m as FromChild));
    child.on("exit", (code) => deliver({ type: "error", message: `invocation process exited (${code})` }));
    const next = () =>
      new Promise<FromChild>((resolve) => (queue.length ? resolve(queue.shift()!) : waiting.push(resolve)));
    const proc = new InvocationProcess(child, next);
    child.send({ type: "setup", setup } satisfies ToChild);
    const ready = await next();
    if (ready.type !== "ready") {
      child.kill();
      throw new Error(`cron invocation did not start: ${ready.type === "error" ? ready.message : ready.type}`);
    }
    return proc;
  }

  async run(budgetS: number): Promise<InvocationReport> {
    this.child.send({ type: "go", budgetS } satisfies ToChild);
    const m = await this.next();
    if (m.type !== "done") {
      this.child.kill();
      throw new Error(`cron invocation failed: ${m.type === "error" ? m.message : m.type}`);
    }
    return m.report;
  }
}

/** Starts `n` invocations, then runs them all at once; the seconds are from "go" to the last one done. */
export async function runInvocations(setup: InvocationSetup, n: number, budgetS: number) {
  const procs = await Promise.all(Array.from({ length: n }, () => InvocationProcess.start(setup)));
  const started = performance.now();
  const reports = await Promise.all(procs.map((p) => p.run(budgetS)));
  return { seconds: (performance.now() - started) / 1000, reports };
}
