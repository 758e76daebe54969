/**
 * Operability over HTTP against built apps: Prometheus scrapes /api/metrics after a real run; a
 * server whose database schema is behind refuses every request with 503 "run npm run db:migrate"
 * (and heals once migrated); a CLI started beside the running app on the embedded database is
 * told, in plain words, what to do, and the ways it names work: the CLI itself with an API token
 * (through POST /api/usage, in chunks), or POST /api/usage by hand.
 */
import { execFile, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { adminKeyBody, anonymous, ApiUser, env } from "./api-client";
import { productionEnv, startApp, type RunningApp } from "./app-server";

const TSX = path.join(process.cwd(), "node_modules", ".bin", "tsx");
const running: RunningApp[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const app of running) await app.stop();
  for (const c of cleanups) await c();
});

describe("GET /api/metrics", () => {
  it("serves Prometheus text after a sync, with last success from the database and no ids in labels", async () => {
    const user = await ApiUser.signUp("metrics");
    expect((await user.call("POST", "/api/keys", adminKeyBody("Metrics key"))).status).toBe(201);
    const window = { start: env().dataset.end.slice(0, 8) + "01", end: env().dataset.end };
    const run = await user.call<{ status: string; runId: string }>("POST", "/api/usage", window);
    expect(run.status).toBe(200);
    expect(run.body.status).toBe("succeeded");

    const res = await fetch(`${env().appUrl}/api/metrics`, {
      headers: { authorization: `Bearer ${env().metricsToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^cognitrack_sync_runs_total\{provider="openai",source="api"\} [1-9]/m);
    expect(text).toMatch(/^cognitrack_sync_last_success_timestamp_seconds\{provider="openai",source="api"\} \d{10}/m);
    expect(text).toMatch(
      /^cognitrack_provider_requests_total\{provider="openai",endpoint="\/v1\/organization\/usage\/completions",status_class="2xx"\} [1-9]/m,
    );
    expect(text).toMatch(/^cognitrack_certificates_expiring 0$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    const labelValues = [...text.matchAll(/="([^"]*)"/g)].map((m) => m[1]!);
    expect(labelValues.length).toBeGreaterThan(0);
    for (const v of labelValues) expect(v).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|proj_|org-/);
    expect(text).not.toContain(run.body.runId);

    const refused = await fetch(`${env().appUrl}/api/metrics`, { headers: { authorization: "Bearer nope" } });
    expect(refused.status).toBe(401);
  });
});

/** An empty database for a server to start on: PostgreSQL when the suite has one, else a fresh embedded folder. */
async function unmigratedDatabase(): Promise<{ env: Record<string, string>; migrate?: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), "cognitrack-drift-"));
    return { env: { PGLITE_DATA_DIR: path.join(dir, "pglite"), DB_AUTO_MIGRATE: "false" } };
  }
  const { Client } = await import("pg");
  const name = `cognitrack_drift_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  cleanups.push(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    // Not spawnSync: a blocked event loop would keep a connection the server closed meanwhile.
    migrate: async () => {
      const env = { ...process.env, NODE_ENV: "development" as const, DATABASE_URL: url.toString() };
      await promisify(execFile)(TSX, ["scripts/db-migrate.ts"], { env });
    },
  };
}

describe("a server whose database schema is behind", () => {
  it("answers health, API routes and pages with 503 naming the command, and serves once migrated", async () => {
    const db = await unmigratedDatabase();
    const app = await startApp(productionEnv(db.env), 60_000, "127.0.0.1", undefined, (s) => s === 503 || s < 500);
    running.push(app);
    const get = (p: string, init?: RequestInit) => fetch(`${app.url}${p}`, { redirect: "manual", ...init });

    const health = await get("/api/health");
    expect(health.status).toBe(503);
    expect(await health.text()).toMatch(/run npm run db:migrate/);

    const signUp = await get("/api/auth/sign-up", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: `drift-${randomUUID().slice(0, 6)}@example.com`,
        password: "correct horse battery",
      }),
    });
    expect(signUp.status).toBe(503);
    const body = (await signUp.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(body.error.message).toMatch(/run npm run db:migrate/);

    for (const page of ["/", "/sign-up", "/dashboard"]) {
      const res = await get(page);
      expect(res.status, page).toBe(503);
      expect(await res.text(), page).toMatch(/run npm run db:migrate/);
    }
    expect(app.output()).not.toMatch(/unexpected|TypeError/i);

    if (!db.migrate) return; // The embedded folder is the running server's: only PostgreSQL can be migrated beside it.
    await db.migrate();
    expect((await get("/api/health")).status).toBe(200);
    const healed = await get("/api/auth/sign-up", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: `healed-${randomUUID().slice(0, 6)}@example.com`,
        password: "correct horse battery",
      }),
    });
    expect(healed.status).toBe(201);
  });
});

/**
 * The backfill CLI beside the running app, on the app's embedded database; `extra` adds config. Not
 * spawnSync: a blocked event loop misses the server closing an idle keep-alive socket, and the next
 * request on it fails.
 */
function backfillBeside(
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(TSX, ["scripts/usage-backfill.ts", ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "development",
      PGLITE_DATA_DIR: env().app.dataDir,
      ENCRYPTION_KEY: env().app.encryptionKey,
      ...extra,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** A fresh owner with the emulator's key and an ingest:write token, in their own organization. */
async function ownerWithToken(label: string) {
  const owner = await ApiUser.signUp(label);
  expect((await owner.call("POST", "/api/keys", adminKeyBody(`${label} key`))).status).toBe(201);
  const token = await owner.call<{ secret: string }>("POST", "/api/tokens", { name: "CLI", scopes: ["ingest:write"] });
  expect(token.status).toBe(201);
  return { owner, token: token.body.secret };
}

describe("a CLI beside the running app on the embedded database", () => {
  const label = `beside-${randomUUID().slice(0, 8)}`;
  // The CLI writes its audit file under the working directory, pass or fail.
  for (const l of [label, `${label}-bad`]) {
    cleanups.push(async () => rmSync(path.join("audit", "backfill", `${l}.json`), { force: true }));
  }

  it("is refused in plain words naming what to do, leaves the app running, and the API way it names works", async () => {
    const cli = await backfillBeside(["--days", "1"]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/in use by another CogniTrack process, the running app \(pid \d+, "next start/);
    expect(cli.stderr).toMatch(
      /Either run it through the app: npm run usage:backfill -- --token ct_\.\.\. \(an API token with ingest:write from Settings -> API tokens\); or stop the app/,
    );
    expect(cli.stderr).toMatch(/stop the app/);
    expect(cli.stderr).toMatch(/POST \/api\/usage/);
    expect(cli.stderr).not.toMatch(/\bat \S+ \(|node_modules/);
    const health = await anonymous().call<{ note?: string }>("GET", "/api/health");
    expect(health.status).toBe(200);
    // A production server on the embedded database says it cannot be scaled out.
    expect(health.body.note).toBe("embedded database: one instance only");

    // Following the advice: a token with ingest:write loads usage through the running app.
    const { token } = await ownerWithToken("beside");
    const window = { start: env().dataset.end.slice(0, 8) + "01", end: env().dataset.end };
    const loaded = await anonymous().call<{ status: string }>("POST", "/api/usage", window, undefined, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(loaded.status).toBe(200);
    expect(loaded.body.status).toBe("succeeded");
  });

  it("with COGNITRACK_API_TOKEN runs the backfill through the app, in chunks, and the usage is stored", async () => {
    const { owner, token } = await ownerWithToken("beside-cli");
    // Ten days in chunks of four: three requests, whatever the date today.
    const end = env().dataset.end;
    const start = new Date(Date.parse(end) - 9 * 86_400_000).toISOString().slice(0, 10);
    expect(start >= env().dataset.start).toBe(true);
    const query = `/api/usage?view=totals&start=${start}&end=${end}`;
    const before = await owner.call("GET", query);
    expect(before.status).toBe(200);
    expect(before.text).not.toMatch(/"inputTokens":[1-9]/);

    const args = ["--start", start, "--end", end, "--chunk-days", "4", "--label", label];
    const cli = await backfillBeside(args, { COGNITRACK_API_TOKEN: token, APP_URL: env().appUrl });
    expect(cli.stderr).toMatch(/through the app at http:\/\/[^ ]+: \d+ chunk\(s\) of up to 4 days/);
    expect(cli.status, cli.stderr).toBe(0);
    const summary = JSON.parse(cli.stdout) as {
      status: string;
      chunks: number;
      steps: { total: number; ok: number };
      telemetry: { rowsFetched: number };
      runIds: string[];
    };
    expect(summary.status).toBe("succeeded");
    expect(summary.chunks).toBe(3);
    expect(summary.steps).toMatchObject({ total: summary.chunks, ok: summary.chunks });
    expect(summary.runIds).toHaveLength(summary.chunks);
    expect(summary.telemetry.rowsFetched).toBeGreaterThan(0);
    expect(cli.stderr).toMatch(new RegExp(`^\\[1/${summary.chunks}\\] ${start}\\.\\.\\S+ .*: [\\d,]+ rows \\(`, "m"));
    expect(cli.stdout + cli.stderr).not.toContain(token);

    const after = await owner.call("GET", query);
    expect(after.status).toBe(200);
    expect(after.text).toMatch(/"inputTokens":[1-9]/);
  });

  it("with a token the app does not know, exits 1 with the 401 in plain words and sends no other chunk", async () => {
    const bogus = `ct_${randomBytes(32).toString("base64url")}`;
    const cli = await backfillBeside([
      ...["--days", "8", "--chunk-days", "4", "--label", `${label}-bad`],
      ...["--token", bogus, "--app-url", env().appUrl],
    ]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/\[1\/2\] .*FAILED in [\d.]+s: the app at http:\/\/\S+ refused the API token \(401/);
    expect(cli.stderr).toMatch(/\[2\/2\] .*FAILED in 0\.0s: not sent: the app at .* refused the API token \(401/);
    expect(cli.stdout + cli.stderr).not.toContain(bogus);
    expect(cli.stderr).not.toMatch(/\bat \S+ \(|node_modules/);
  });
});
