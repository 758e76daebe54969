/**
 * Runs after every other e2e file (vitest.config.ts puts `*.last.test.ts` files at the end): stops
 * the shared app so its output is complete, then scans everything the suite's servers printed
 * (the shared app, the fuzzer's copies, the emulator's request log) for secrets the suite used.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { providerKeys } from "@/db/schema";
import { env } from "./api-client";
import { scanDatabaseText } from "./db-scan";
import { findSecrets, formatFindings, type KnownSecret } from "./log-scan";

async function stopSharedApp(pid: number) {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, "SIGTERM");
  for (let waited = 0; alive() && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(pid, "SIGKILL");
}

/**
 * Ciphertext, IV and auth tag of every key an app stored (its process must be gone). A copy the
 * fuzzer had to kill may not open again; the pattern checks still cover its log.
 */
async function storedSecrets(dataDir: string): Promise<KnownSecret[]> {
  if (!existsSync(dataDir)) return [];
  let handle;
  try {
    handle = await openDatabase({ kind: "pglite", dataDir, autoMigrate: false });
  } catch (e) {
    console.warn(`log scan: could not open ${dataDir} (${e instanceof Error ? e.message : String(e)})`);
    return [];
  }
  try {
    const rows = await handle.db
      .select({ ciphertext: providerKeys.ciphertext, iv: providerKeys.iv, authTag: providerKeys.authTag })
      .from(providerKeys);
    return rows.flatMap((r) => [
      { what: "a stored ciphertext", value: r.ciphertext },
      { what: "a stored IV", value: r.iv },
      { what: "a stored auth tag", value: r.authTag },
    ]);
  } finally {
    await handle.close();
  }
}

async function emulatorKeys(): Promise<string[]> {
  const res = await fetch(`${env().emulatorOrigin}/__emulator/credentials`);
  const body = (await res.json()) as {
    organizations: { admin_keys: string[]; standard_keys: { key: string }[] }[];
    anthropic: { organizations: { admin_keys: string[]; standard_keys: string[] }[] };
  };
  return [
    ...body.organizations.flatMap((o) => [...o.admin_keys, ...o.standard_keys.map((s) => s.key)]),
    ...body.anthropic.organizations.flatMap((o) => [...o.admin_keys, ...o.standard_keys]),
  ];
}

describe("after the whole suite, the servers' output", () => {
  it("holds no provider key, stored ciphertext, IV, auth tag or other secret", async () => {
    const e2e = env();
    await stopSharedApp(e2e.app.pid);

    const requests = await fetch(`${e2e.emulatorOrigin}/__emulator/requests`);
    const { requests: log } = (await requests.json()) as { requests: unknown[] };
    writeFileSync(path.join(e2e.logDir, "emulator.log"), log.map((entry) => JSON.stringify(entry)).join("\n"));

    const files = readdirSync(e2e.logDir);
    const dataDirs = [
      e2e.app.dataDir,
      ...files.filter((f) => f.endsWith(".datadir")).map((f) => readFileSync(path.join(e2e.logDir, f), "utf8")),
    ];
    const keys = await emulatorKeys();
    expect(keys.length).toBeGreaterThan(0);
    const known: KnownSecret[] = [
      ...keys.map((value) => ({ what: "an emulator provider key", value })),
      { what: "the ENCRYPTION_KEY", value: e2e.app.encryptionKey },
      { what: "the CRON_SECRET", value: e2e.cronSecret },
      { what: "the METRICS_TOKEN", value: e2e.metricsToken },
    ];
    for (const dir of dataDirs) known.push(...(await storedSecrets(dir)));

    const appLog = readFileSync(path.join(e2e.logDir, "app.log"), "utf8");
    // Proof the capture works at all: `next start` announces itself.
    expect(appLog).toMatch(/Ready in/);

    const logs = files.filter((f) => f.endsWith(".log"));
    const findings = logs.flatMap((f) => findSecrets(f, readFileSync(path.join(e2e.logDir, f), "utf8"), known));
    console.log(`log scan: ${logs.join(", ")}; ${known.length} known secrets from ${dataDirs.length} databases`);
    expect(findings.length, formatFindings(findings)).toBe(0);
  });

  it("and the shared app's database holds no provider key in clear in any text column (Anthropic included)", async () => {
    const e2e = env();
    await stopSharedApp(e2e.app.pid);
    const keys = await emulatorKeys();
    expect(keys.some((k) => k.startsWith("sk-ant-admin"))).toBe(true);
    const handle = await openDatabase({ kind: "pglite", dataDir: e2e.app.dataDir, autoMigrate: false });
    try {
      const stored = await handle.db.select({ provider: providerKeys.provider }).from(providerKeys);
      // The suite stored Anthropic keys, so a clean scan means something.
      expect(stored.filter((k) => k.provider === "anthropic").length).toBeGreaterThan(0);
      const scan = await scanDatabaseText(
        handle.db,
        "app database",
        keys.map((value) => ({ what: "an emulator provider key", value })),
      );
      expect(scan.columns).toBeGreaterThan(20);
      expect(scan.cells).toBeGreaterThan(100);
      expect(scan.findings.length, formatFindings(scan.findings)).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
