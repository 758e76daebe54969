/**
 * Builds the app once (`next build`), starts the provider emulator with 90 days of generated usage
 * ending yesterday, and starts the built app against it on a fresh embedded database. The app's
 * output goes to a log folder that the last test file scans for secrets.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { generateDataset } from "../../scripts/emulator/dataset";
import { startEmulator } from "../../scripts/emulator/server";
import { productionEnv, startApp } from "./app-server";

declare module "vitest" {
  export interface ProvidedContext {
    e2e: {
      appUrl: string;
      cronSecret: string;
      metricsToken: string;
      emulatorUrl: string;
      emulatorOrigin: string;
      admin: { apiKey: string; organizationId: string; projectId: string };
      standardKey: string;
      /** The emulator's Anthropic organization: an Admin key and a regular (inference) key. */
      anthropic: { adminKey: string; standardKey: string };
      dataset: { start: string; end: string };
      /** Server output of every app the suite starts (`<name>.log`), scanned last. */
      logDir: string;
      /** The shared app's process and embedded database, for the scan's look at stored ciphertext. */
      app: { pid: number; dataDir: string; encryptionKey: string };
    };
  }
}

export const E2E_DATASET = {
  seed: 424242,
  projects: 5,
  apiKeysPerProject: 4,
  users: 6,
  models: 6,
  days: 90,
  density: 0.5,
};

export default async function setup(project: TestProject) {
  if (!process.env.E2E_SKIP_BUILD || !existsSync(".next/BUILD_ID")) {
    const build = spawnSync("npx", ["next", "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const dataset = generateDataset({ ...E2E_DATASET, endDate: yesterday });
  const emulator = await startEmulator({ dataset, port: 0 });
  const env = productionEnv({
    OPENAI_API_BASE_URL: emulator.url,
    OPENAI_ADMIN_REQUESTS_PER_MINUTE: "6000",
    OPENAI_ADMIN_MAX_BURST: "200",
    ANTHROPIC_API_BASE_URL: emulator.anthropicUrl,
    ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: "6000",
    ANTHROPIC_ADMIN_MAX_BURST: "200",
    INGESTION_DEFAULT_DAYS: "30",
    // Every suite signs up its own users from 127.0.0.1: the per-address limits must not throttle
    // them. rate-limit.test.ts checks the limits on an app of its own with small numbers.
    RATE_LIMIT_SIGN_UP_PER_ADDRESS: "100000",
    RATE_LIMIT_SIGN_IN_PER_ADDRESS: "100000",
    // Webhook channels in the browser tests post to a receiver the test starts on 127.0.0.1.
    WEBHOOK_ALLOW_PRIVATE: "true",
  });
  const logDir = mkdtempSync(path.join(tmpdir(), "cognitrack-e2e-logs-"));
  const app = await startApp(env, 60_000, "127.0.0.1", path.join(logDir, "app.log"));
  const adminCred = dataset.credentials.find((c) => c.kind === "admin")!;
  const org = dataset.organizations.find((o) => o.id === adminCred.orgId)!;
  project.provide("e2e", {
    appUrl: app.url,
    cronSecret: env.CRON_SECRET!,
    metricsToken: env.METRICS_TOKEN!,
    emulatorUrl: emulator.url,
    emulatorOrigin: emulator.origin,
    admin: { apiKey: adminCred.key, organizationId: org.id, projectId: org.projects[0]!.id },
    standardKey: dataset.credentials.find((c) => c.kind === "standard")!.key,
    anthropic: {
      adminKey: dataset.anthropic!.credentials.find((c) => c.kind === "admin")!.key,
      standardKey: dataset.anthropic!.credentials.find((c) => c.kind === "standard")!.key,
    },
    dataset: { start: dataset.firstDay, end: dataset.lastDay },
    logDir,
    app: { pid: app.child.pid!, dataDir: env.PGLITE_DATA_DIR!, encryptionKey: env.ENCRYPTION_KEY! },
  });
  return async () => {
    await app.stop();
    await emulator.close();
    // E2E_KEEP_LOGS=1 keeps the servers' output for a look after a failed scan.
    if (process.env.E2E_KEEP_LOGS) console.log(`e2e server logs kept in ${logDir}`);
    else rmSync(logDir, { recursive: true, force: true });
  };
}
