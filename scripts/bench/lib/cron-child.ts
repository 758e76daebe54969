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
import { MemorySampler } from "./memory";

const send = (m: FromChild) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

let handle: DbHandle | null = null;
let setup: InvocationSetup | null = null;

async function onMessage(m: ToChild) {
  if (m.type === "setup") {
    setup = m.setup;
    loadCliEnv(harnessEnvOverrides(setup.encryptionKey));
    configureLogger({ level: "error" });
    handle = await openDatabase({ kind: "pg", url: setup.databaseUrl, autoMigrate: false });
    await send({ type: "ready" });
    return;
  }
  const s = setup!;
  const deps = { config: cronConfig(s), now: () => s.nowMs };
  const memory = new MemorySampler().start();
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
  await handle!.close();
  await send({
    type: "done",
    report: { summary, seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6, ...peaks },
  });
  process.disconnect();
}

process.on("message", (m: ToChild) => {
  onMessage(m).catch(async (e: unknown) => {
    await send({ type: "error", message: e instanceof Error ? e.message : String(e) }).catch(() => {});
    process.exit(1);
  });
});
