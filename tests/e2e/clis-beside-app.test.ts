/**
 * `npm run usage:diff` and `npm run usage:admin-sample` beside the running app on its embedded
 * database, run exactly as the README documents them: the diff reads the stored figures through
 * GET /api/usage/parity with an API token (never opening the data folder), the admin sample takes
 * its key from an environment variable and opens no database. The app keeps serving throughout.
 */
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockFileFor } from "@/db/pglite-lock";
import { csvLine } from "@/lib/csv/cell";
import { adminKeyBody, anonymous, ApiUser, env, withToken } from "./api-client";

const dir = mkdtempSync(path.join(tmpdir(), "cognitrack-clis-beside-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `npm run <script> -- args` beside the app, with the app's data folder in the config. Not
 * spawnSync: a blocked event loop misses the server closing an idle keep-alive socket.
 */
function npmRun(
  script: string,
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn("npm", ["run", script, "--", ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "development",
      PGLITE_DATA_DIR: env().app.dataDir,
      ENCRYPTION_KEY: env().app.encryptionKey,
      OPENAI_API_BASE_URL: env().emulatorUrl,
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

/** npm's own "> cognitrack@x script" banner precedes the command's output on stdout. */
const commandOutput = (stdout: string) =>
  stdout
    .split("\n")
    .filter((line) => !line.startsWith("> "))
    .join("\n")
    .trim();

/** The app still holds its data folder and answers, with the usage it stored. */
async function appStillServes(owner: ApiUser, query: string) {
  const health = await anonymous().call("GET", "/api/health");
  expect(health.status).toBe(200);
  const lock = JSON.parse(readFileSync(lockFileFor(env().app.dataDir), "utf8")) as { pid: number };
  expect(lock.pid).toBe(env().app.pid);
  const totals = await owner.call("GET", query);
  expect(totals.status).toBe(200);
  expect(totals.text).toMatch(/"inputTokens":[1-9]/);
}

interface UsageReport {
  org: { name: string };
  window: { start: string; end: string };
  dbRows: number;
  compared: number;
  mismatched: { field: string; csv: number; db: number; diff: number; day: string }[];
  summary: { ok: boolean; differences: number; mismatchedFields: number };
}

describe("usage:diff beside the running app", () => {
  let owner: ApiUser;
  let token: string;
  let exportCsv: string;
  let window: { start: string; end: string };
  const totalsQuery = () => `/api/usage?view=totals&start=${window.start}&end=${window.end}`;

  beforeAll(async () => {
    owner = await ApiUser.signUp("diff-beside");
    expect((await owner.call("POST", "/api/keys", adminKeyBody("diff key"))).status).toBe(201);
    const made = await owner.call<{ secret: string }>("POST", "/api/tokens", {
      name: "diff CLI",
      scopes: ["usage:read", "ingest:write"],
    });
    expect(made.status).toBe(201);
    token = made.body.secret;
    const end = env().dataset.end;
    window = { start: new Date(Date.parse(end) - 4 * 86_400_000).toISOString().slice(0, 10), end };
    const loaded = await withToken(token)<{ status: string }>("POST", "/api/usage", window);
    expect(loaded.status).toBe(200);
    expect(loaded.body.status).toBe("succeeded");
    // The app's own CSV export of the window, renamed to OpenAI's usage export columns: the "provider's export".
    const csv = await withToken(token)("GET", `/api/usage/export?start=${window.start}&end=${window.end}`);
    expect(csv.status).toBe(200);
    const [header, ...lines] = csv.text.trim().split("\r\n");
    expect(lines.length).toBeGreaterThan(0);
    const renamed = header!
      .replace("date_utc", "start_time")
      .replace("cached_input_tokens", "input_cached_tokens")
      .replace("requests", "num_model_requests");
    exportCsv = [renamed, ...lines].join("\r\n") + "\r\n";
  });

  it("with COGNITRACK_API_TOKEN finds no difference in a matching export and exits 0", async () => {
    const file = path.join(dir, "matching.csv");
    writeFileSync(file, exportCsv);
    const cli = await npmRun("usage:diff", ["--csv", file, "--strict"], {
      COGNITRACK_API_TOKEN: token,
      APP_URL: env().appUrl,
    });
    expect(cli.status, cli.stderr).toBe(0);
    const report = JSON.parse(commandOutput(cli.stdout)) as UsageReport;
    const dataLines = exportCsv.trim().split("\r\n").length - 1;
    expect(report.window).toEqual(window);
    expect(report.org.name).toMatch(/^diff-beside-/);
    expect(report.dbRows).toBe(dataLines);
    expect(report.compared).toBeGreaterThan(0);
    expect(report.summary).toMatchObject({ ok: true, differences: 0 });
    expect(cli.stderr).toMatch(/No differences: [\d,]+ group\(s\) match\./);
    expect(cli.stdout + cli.stderr).not.toContain(token);
    await appStillServes(owner, totalsQuery());
  });

  it("with --token and --strict exits 1 on a changed row and names the field and the figures", async () => {
    const [columns, ...rows] = parse(exportCsv) as string[][];
    const col = (name: string) => columns!.indexOf(name);
    expect(col("input_tokens")).toBeGreaterThan(-1);
    // A row the diff can match one by one: it has a project, an API key and a user.
    const changed = rows.find((r) => r[col("project_id")] && r[col("api_key_id")] && r[col("user_id")]);
    expect(changed).toBeDefined();
    changed![col("input_tokens")] = String(Number(changed![col("input_tokens")]) + 1000);
    const file = path.join(dir, "changed.csv");
    writeFileSync(file, [columns!, ...rows].map((cells) => csvLine(cells)).join(""));
    const cli = await npmRun("usage:diff", ["--csv", file, "--strict", "--token", token, "--app-url", env().appUrl]);
    expect(cli.status, cli.stderr).toBe(1);
    const report = JSON.parse(commandOutput(cli.stdout)) as UsageReport;
    expect(report.summary).toMatchObject({ ok: false, differences: 1, mismatchedFields: 1 });
    expect(report.mismatched).toHaveLength(1);
    expect(report.mismatched[0]).toMatchObject({ field: "input_tokens", diff: -1000 });
    expect(report.mismatched[0]!.csv - report.mismatched[0]!.db).toBe(1000);
    expect(cli.stderr).toMatch(
      /1 difference\(s\): 0 group\(s\) only in the CSV, 0 only in the database, 1 with different numbers/,
    );
    await appStillServes(owner, totalsQuery());
  });

  it("without a token is refused in plain words naming the token way, and the app keeps serving", async () => {
    const file = path.join(dir, "matching.csv");
    const cli = await npmRun("usage:diff", ["--csv", file]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/in use by another CogniTrack process, the running app \(pid \d+/);
    expect(cli.stderr).toContain(
      "Either run it through the app: npm run usage:diff -- --token ct_... --csv FILE (an API token with usage:read from Settings -> API tokens)",
    );
    expect(cli.stderr).not.toMatch(/\bat \S+ \(|node_modules/);
    await appStillServes(owner, totalsQuery());
  });
});

describe("usage:admin-sample beside the running app", () => {
  it("--api-key-env samples the provider without opening the database; --key-id says to use it instead", async () => {
    const owner = await ApiUser.signUp("sample-beside");
    const key = await owner.call<{ key: { id: string } }>("POST", "/api/keys", adminKeyBody("sample key"));
    expect(key.status).toBe(201);

    const { apiKey, organizationId } = env().admin;
    const cli = await npmRun("usage:admin-sample", ["--api-key-env", "CT_SAMPLE_ADMIN_KEY", "--org", organizationId], {
      CT_SAMPLE_ADMIN_KEY: apiKey,
    });
    expect(cli.status, cli.stderr).toBe(0);
    const verdict = /Credentials OK: (\d+) buckets?, (\d+) results?/.exec(cli.stderr);
    expect(verdict, cli.stderr).not.toBeNull();
    const body = JSON.parse(commandOutput(cli.stdout)) as { data: { results: unknown[] }[] };
    expect(body.data).toHaveLength(Number(verdict![1]));
    expect(body.data.reduce((n, b) => n + b.results.length, 0)).toBe(Number(verdict![2]));
    expect(Number(verdict![2])).toBeGreaterThan(0);
    expect(cli.stdout + cli.stderr).not.toContain(apiKey);
    expect(cli.stderr).toMatch(/key: \$CT_SAMPLE_ADMIN_KEY/);

    const stored = await npmRun("usage:admin-sample", ["--key-id", key.body.key.id, "--key-org", "any"]);
    expect(stored.status).toBe(1);
    expect(stored.stderr).toMatch(
      /--key-id reads the stored key from the embedded database in .*, which the running app holds/,
    );
    expect(stored.stderr).toMatch(/--api-key-env MY_ADMIN_KEY/);
    expect(stored.stdout + stored.stderr).not.toContain(apiKey);
    const health = await anonymous().call("GET", "/api/health");
    expect(health.status).toBe(200);
    const lock = JSON.parse(readFileSync(lockFileFor(env().app.dataDir), "utf8")) as { pid: number };
    expect(lock.pid).toBe(env().app.pid);
  });
});
