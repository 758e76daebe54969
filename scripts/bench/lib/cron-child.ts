/**
 * One cron invocation in a process of its own, driven by the cron benchmark (./cron-processes.ts):
 * it connects to the phase's database, says ready, runs `runDailyUsage` when told to go, and reports
 * its summary with its own CPU time and peak memory. Not a CLI: it only talks over the IPC channel.
 */
import { openDatabase } from "@/db/client";
import type { DbHandle } from "@/db/types";
import { runDailyUsage } from "@/lib/cron/daily-usage";
import { configureLogger } from "@/lib/logger";
import { loadCliEnv } from "../../lib/runtime";
import { cronConfig, harnessEnvOverrides, type FromChild, type InvocationSetup, type ToChild } from "./cron-processes";
import { BackendCpuSampler, isLocalServer } from "./cron-postgres-cpu";
import { MemorySampler } from "./memory";

const send = (m: FromChild) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

let handle: DbHandle | null = null;
let setup: InvocationSetup | null = null;
const applicationName = `cronbench-${process.pid}`;

async function onMessage(m: ToChild) {
  if (m.type === "setup") {
    setup = m.setup;
    loadCliEnv(harnessEnvOverrides(setup.encryptionKey));
    configureLogger({ level: "error" });
    const url = new URL(setup.databaseUrl);
    url.searchParams.set("application_name", applicationName);
    handle = await openDatabase({ kind: "pg", url: url.toString(), autoMigrate: false });
    await send({ type: "ready" });
    return;
  }
  const s = setup!;
  const deps = { config: cronConfig(s), now: () => s.nowMs };
  const memory = new MemorySampler().start();
  const server = isLocalServer(s.databaseUrl) ? new BackendCpuSampler(handle!.db, applicationName).start() : null;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const summary = await runDailyUsage(
    handle!.db,
    { concurrency: s.concurrency, deadline: Date.now() + m.budgetS * 1000 },
    deps,
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const peaks = memory.stop();
  const postgresCpu = server ? await server.stop() : null;
  await handle!.close();
  await send({
    type: "done",
    report: {
      summary,
      seconds,
      cpu_seconds: (cpu.user + cpu.system) / 1e6,
      postgres_cpu_seconds: postgresCpu,
      ...peaks,
    },
  });
  process.disconnect();
}

process.on("message", (m: ToChild) => {
  onMessage(m).catch(async (e: unknown) => {
    await send({ type: "error", message: e instanceof Error ? e.message : String(e) }).catch(() => {});
    process.exit(1);
  });
});
