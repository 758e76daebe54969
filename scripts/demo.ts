/**
 * `npm run demo`: the whole product on one machine with no network. Starts the provider emulator
 * with a generated organization, creates a demo account whose OpenAI and Anthropic keys point at it, backfills 90 days
 * through the one ingestion entry point, then runs the built app and prints where to sign in.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateDataset } from "./emulator/dataset";
import { startEmulator } from "./emulator/server";
import { ensureDemoAccount, DEMO_EMAIL, DEMO_PASSWORD } from "./demo/account";
import { backfillDemo } from "./demo/backfill";
import { ensureDemoBudget } from "./demo/budget";
import { loadCliEnv, runCli, UsageError, withDatabase } from "./lib/runtime";
import { childProcessEnv } from "@/lib/env";

const HELP = `Usage: npm run demo -- [--port 3000] [--emulator-port 4010] [--days 90] [--no-build] [--reset]

Runs CogniTrack with demo data on this machine: an embedded database in .data/demo, a provider
emulator standing in for OpenAI and Anthropic, and a demo account with a key for each. Stop it with Ctrl+C.
  --port N            where the app listens (default 3000)
  --emulator-port N   where the provider emulator listens (default 4010)
  --days N            days of usage to generate and backfill (default 90)
  --no-build          reuse the existing production build in .next
  --reset             start from an empty demo database`;

const DEMO_DIR = path.resolve(".data/demo");

type DemoSecrets = { ENCRYPTION_KEY: string; CRON_SECRET: string; METRICS_TOKEN: string };

/** Kept between runs (the encryption key must still open yesterday's keys); a missing one is added. */
function demoSecrets(): DemoSecrets {
  const file = path.join(DEMO_DIR, "secrets.json");
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<DemoSecrets>) : {};
  const secrets: DemoSecrets = {
    ENCRYPTION_KEY: stored.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    CRON_SECRET: stored.CRON_SECRET ?? randomBytes(32).toString("hex"),
    METRICS_TOKEN: stored.METRICS_TOKEN ?? randomBytes(32).toString("hex"),
  };
  if (Object.keys(stored).length !== Object.keys(secrets).length) {
    mkdirSync(DEMO_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p)) walk(path.join(p, entry));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(walk);
  return newest;
}

function buildIfNeeded(skip: boolean) {
  const buildId = ".next/BUILD_ID";
  const stale =
    !existsSync(buildId) ||
    newestMtime(["src", "package.json", "next.config.ts", "package-lock.json"]) > statSync(buildId).mtimeMs;
  if (skip && existsSync(buildId)) return;
  if (!stale) return console.log("Using the existing production build.");
  console.log("Building the app (about a minute on first run)…");
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: childProcessEnv({ NEXT_TELEMETRY_DISABLED: "1" }),
  });
  if (result.status !== 0) throw new Error("next build failed; see the output above.");
}

runCli(async () => {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "3000" },
      "emulator-port": { type: "string", default: "4010" },
      days: { type: "string", default: "90" },
      "no-build": { type: "boolean", default: false },
      reset: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) return void console.log(HELP);
  const port = Number(values.port);
  const emulatorPort = Number(values["emulator-port"]);
  const days = Number(values.days);
  if (!Number.isInteger(port) || !Number.isInteger(emulatorPort)) throw new UsageError("ports must be whole numbers");
  if (!Number.isInteger(days) || days < 1 || days > 400) throw new UsageError("--days must be between 1 and 400");

  const pgliteDir = path.join(DEMO_DIR, "pglite");
  if (values.reset) {
    rmSync(pgliteDir, { recursive: true, force: true });
  }
  const secrets = demoSecrets();
  const today = new Date().toISOString().slice(0, 10);
  const dataset = generateDataset({
    seed: 42,
    projects: 8,
    apiKeysPerProject: 6,
    users: 12,
    models: 8,
    days,
    endDate: today,
    density: 0.35,
    // Images, audio, moderations, tools and vector storage too, so their usage shows in the demo.
    extraUsage: true,
  });
  const emulator = await startEmulator({ dataset, port: emulatorPort }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "EADDRINUSE") throw new UsageError(`port ${emulatorPort} is busy; pass --emulator-port`);
    throw e;
  });
  console.log(`Provider emulator: ${emulator.url} (OpenAI), ${emulator.anthropicUrl} (Anthropic)`);

  const appEnv: Record<string, string> = {
    NODE_ENV: "production",
    AUTH_MODE: "local",
    PGLITE_DATA_DIR: pgliteDir,
    OPENAI_API_BASE_URL: emulator.url,
    OPENAI_ADMIN_REQUESTS_PER_MINUTE: "6000",
    OPENAI_ADMIN_MAX_BURST: "100",
    ANTHROPIC_API_BASE_URL: emulator.anthropicUrl,
    ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: "6000",
    ANTHROPIC_ADMIN_MAX_BURST: "100",
    // An http:// APP_URL declares plain http: the session cookie is then not Secure, so the demo's
    // browser keeps it. It is also the origin accepted for sign-in and other writes.
    APP_URL: `http://localhost:${port}`,
    ...secrets,
  };
  loadCliEnv({ ...appEnv, NODE_ENV: "development", DATABASE_URL: "" });

  await withDatabase(async ({ db }) => {
    const account = await ensureDemoAccount(db, emulator.dataset);
    await backfillDemo(db, account.org, { days });
    await ensureDemoBudget(db, { userId: account.userId, orgId: account.org.id, role: "owner" });
  });

  buildIfNeeded(values["no-build"]);
  const app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: childProcessEnv(appEnv),
  });
  const stop = async () => {
    app.kill("SIGTERM");
    await emulator.close();
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(0)));
  process.once("SIGTERM", () => void stop().then(() => process.exit(0)));

  for (let i = 0; i < 240; i++) {
    if (app.exitCode !== null) throw new Error(`the app exited with code ${app.exitCode}; see the output above.`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) break;
    } catch {
      /* still starting */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(
    [
      "",
      "CogniTrack is running.",
      `  Open:      http://localhost:${port}/analytics`,
      `  Sign in:   ${DEMO_EMAIL}`,
      `  Password:  ${DEMO_PASSWORD}`,
      `  Data:      ${days} days of usage from the provider emulator (${emulator.url})`,
      `  Budgets:   http://localhost:${port}/budgets (a demo budget already over its forecast)`,
      "Press Ctrl+C to stop.",
    ].join("\n"),
  );
  return new Promise<number>((resolve) => app.once("exit", (code) => resolve(code ?? 0)));
});
