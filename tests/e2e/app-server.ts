/**
 * Starts the built app (`next start`) the way production runs it, on a throwaway embedded database,
 * pointed at an emulator. Used by the e2e global setup and by the production-refusal tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const NEXT_BIN = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export function productionEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const dataRoot = mkdtempSync(path.join(tmpdir(), "cognitrack-e2e-"));
  return {
    NODE_ENV: "production",
    AUTH_MODE: "local",
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    CRON_SECRET: randomBytes(24).toString("hex"),
    METRICS_TOKEN: randomBytes(24).toString("hex"),
    PGLITE_DATA_DIR: path.join(dataRoot, "pglite"),
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    ...overrides,
  };
}

export interface RunningApp {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Spawns `next start`; resolves when /api/health answers, rejects with the output if it exits.
 * The app is served over plain http, so APP_URL says so (its session cookie is then not Secure,
 * which a browser would refuse to send back over http); pass `APP_URL: ""` to get the production
 * default instead. `host` is loopback either way; Clerk mode needs "localhost": Next hands
 * middleware a request URL on localhost, and Clerk's middleware rewrites to that URL, which Next
 * treats as another origin (and proxies to, failing) when the server was bound to 127.0.0.1.
 * With `logFile`, everything the server prints is also appended there for the suite's log scan.
 */
export async function startApp(
  env: Record<string, string>,
  timeoutMs = 60_000,
  host: "127.0.0.1" | "localhost" = "127.0.0.1",
  logFile?: string,
  /** When the app counts as up; a server refusing to serve (503 schema behind) is still "up" for its own test. */
  isReady: (healthStatus: number) => boolean = (status) => status < 500,
): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://${host}:${port}`;
  // APP_URL is where links in responses point (invitation links): this server, unless a test says otherwise.
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", host], {
    env: { ...process.env, APP_URL: url, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const capture = (d: Buffer) => {
    output += d.toString();
    if (logFile) appendFileSync(logFile, d);
  };
  child.stdout!.on("data", capture);
  child.stderr!.on("data", capture);
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new AppExited(code, output))));
  const ready = (async () => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      try {
        const res = await fetch(`${url}/api/health`);
        if (isReady(res.status)) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`next start did not become healthy in ${timeoutMs} ms:\n${output}`);
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (e) {
    // A server that never became healthy must not outlive the test that started it.
    if (child.exitCode === null) child.kill("SIGKILL");
    throw e;
  }
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

export class AppExited extends Error {
  constructor(
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`next start exited with code ${code}`);
  }
}
