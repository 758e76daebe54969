import { describe, expect, it } from "vitest";
import { emptyTelemetry } from "@/lib/ingestion/telemetry";
import { describeRefusal, runBackfillThroughApi, TOKEN_ORG } from "../../../scripts/backfill/api";
import { parseBackfillArgs, planBackfill, planForApi } from "../../../scripts/backfill/args";
import { chooseBackfillRoute, THROUGH_APP_HINT, type RouteContext } from "../../../scripts/backfill/route";
import { exitCodeFor } from "../../../scripts/backfill/run";
import { UsageError } from "../../../scripts/lib/runtime";

const NOW = Date.parse("2026-11-21T15:00:00Z");
const TOKEN = `ct_${"b".repeat(43)}`;
const APP = "http://127.0.0.1:3999";
const app = { pid: 4242, command: "next start", startedAt: "2026-11-21T10:00:00.000Z" };
const cli = { pid: 4243, command: "tsx usage-diff.ts", startedAt: "2026-11-21T10:00:00.000Z" };
const ctx = (over: Partial<RouteContext> = {}): RouteContext => ({
  appUrl: "http://localhost:3000/",
  apiToken: null,
  embedded: { dataDir: ".data/pglite", holder: null },
  ...over,
});
const args = (argv: string[]) => parseBackfillArgs(argv);

describe("chooseBackfillRoute", () => {
  it("--token always goes through the app, at --app-url or APP_URL", () => {
    expect(chooseBackfillRoute(args(["--days", "3", "--token", TOKEN]), ctx())).toEqual({
      kind: "api",
      target: { appUrl: "http://localhost:3000", token: TOKEN },
    });
    const viaFlag = chooseBackfillRoute(args(["--days", "3", "--token", TOKEN, "--app-url", APP]), ctx());
    expect(viaFlag).toEqual({ kind: "api", target: { appUrl: APP, token: TOKEN } });
  });

  it("without --token opens the database unless the running app holds it", () => {
    expect(chooseBackfillRoute(args(["--days", "3"]), ctx({ apiToken: TOKEN }))).toEqual({ kind: "local" });
    expect(chooseBackfillRoute(args(["--days", "3"]), ctx({ apiToken: TOKEN, embedded: null }))).toEqual({
      kind: "local",
    });
    // Another CLI holding it is no app to drive: the local path meets the lock and says so.
    const heldByCli = ctx({ apiToken: TOKEN, embedded: { dataDir: "d", holder: cli } });
    expect(chooseBackfillRoute(args(["--days", "3"]), heldByCli)).toEqual({ kind: "local" });
  });

  it("held by the app with COGNITRACK_API_TOKEN goes through the app; --org or --dry-run then is exit 2", () => {
    const held = ctx({ apiToken: TOKEN, embedded: { dataDir: "d", holder: app } });
    expect(chooseBackfillRoute(args(["--days", "3"]), held)).toEqual({
      kind: "api",
      target: { appUrl: "http://localhost:3000", token: TOKEN },
    });
    for (const extra of [["--org", "Acme"], ["--dry-run"]]) {
      let err: unknown;
      try {
        chooseBackfillRoute(args(["--days", "3", ...extra]), held);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(new RegExp(`^${extra[0]} cannot be used with COGNITRACK_API_TOKEN`));
    }
  });

  it("held by the app without a token: the busy message, naming the token way first", () => {
    const held = ctx({ embedded: { dataDir: "d", holder: app } });
    let message = "";
    try {
      chooseBackfillRoute(args(["--days", "3"]), held);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`Either run it through the app: ${THROUGH_APP_HINT}; or stop the app`);
    expect(message).toMatch(/POST \/api\/usage/);
    expect(THROUGH_APP_HINT).toBe(
      "npm run usage:backfill -- --token ct_... (an API token with ingest:write from Settings -> API tokens)",
    );
  });
});

describe("describeRefusal", () => {
  it("names the cause of 401, 403 and 404 and stops the rest; other statuses carry the app's words", () => {
    expect(describeRefusal(401, null, APP)).toEqual({
      error: `the app at ${APP} refused the API token (401: unknown, revoked or expired); create one with the ingest:write scope under Settings -> API tokens`,
      fatal: true,
    });
    const forbidden = describeRefusal(403, { error: { message: "Missing scope." } }, APP);
    expect(forbidden.error).toMatch(/^the API token may not load usage \(403\): it needs the ingest:write scope/);
    expect(forbidden.fatal).toBe(true);
    expect(describeRefusal(404, null, APP).error).toMatch(/is CogniTrack running at http:\/\/127\.0\.0\.1:3999\?/);
    expect(describeRefusal(429, { error: { message: "Too many requests." } }, APP)).toEqual({
      error: "the app answered 429 (the app said: Too many requests.)",
      fatal: false,
    });
  });
});

type Call = { url: string; auth: string | null; body: unknown };
function fakeApp(answer: (call: Call, n: number) => Response | Error) {
  const calls: Call[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    const call = {
      url,
      auth: new Headers(init.headers).get("authorization"),
      body: JSON.parse(String(init.body)) as unknown,
    };
    calls.push(call);
    const r = answer(call, calls.length);
    if (r instanceof Error) throw r;
    return r;
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}
const run = (n: number) =>
  Response.json({
    runId: `run-${n}`,
    status: "succeeded",
    window: {},
    unfinished: false,
    telemetry: { ...emptyTelemetry(), keysProcessed: 1, rowsFetched: 10 * n, rowsInserted: 10 * n, providers: {} },
  });
const apiPlan = (argv: string[]) => planForApi(planBackfill(parseBackfillArgs(argv), NOW));

describe("runBackfillThroughApi", () => {
  it("sends one POST /api/usage per chunk with the bearer token and sums the runs", async () => {
    const { calls, fetchFn } = fakeApp((_, n) => run(n));
    const lines: string[] = [];
    const summary = await runBackfillThroughApi(
      apiPlan(["--start", "2026-01-01", "--end", "2026-07-31", "--chunk-days", "200"]),
      { appUrl: APP, token: TOKEN },
      { fetch: fetchFn, auditDir: null, onStep: (r) => lines.push(`${r.index} ${r.state} ${r.runId}`) },
    );
    expect(calls.map((c) => [c.url, c.auth, c.body])).toEqual([
      [`${APP}/api/usage`, `Bearer ${TOKEN}`, { start: "2026-01-01", end: "2026-04-02" }],
      [`${APP}/api/usage`, `Bearer ${TOKEN}`, { start: "2026-04-03", end: "2026-07-03" }],
      [`${APP}/api/usage`, `Bearer ${TOKEN}`, { start: "2026-07-04", end: "2026-07-31" }],
    ]);
    expect(lines).toEqual(["1 ok run-1", "2 ok run-2", "3 ok run-3"]);
    expect(summary).toMatchObject({
      status: "succeeded",
      chunks: 3,
      chunkDays: 92,
      orgs: [TOKEN_ORG],
      steps: { total: 3, ok: 3, failed: 0 },
      runIds: ["run-1", "run-2", "run-3"],
    });
    expect(summary.telemetry.rowsInserted).toBe(60);
    expect(exitCodeFor(summary)).toBe(0);
    expect(JSON.stringify(summary)).not.toContain(TOKEN);
  });

  it("a refused token fails every chunk, sends only the first, and exits 1", async () => {
    const { calls, fetchFn } = fakeApp(() => Response.json({ error: { code: "UNAUTHENTICATED" } }, { status: 401 }));
    const summary = await runBackfillThroughApi(
      apiPlan(["--days", "20", "--end", "2026-11-20"]),
      { appUrl: APP, token: TOKEN },
      { fetch: fetchFn, auditDir: null },
    );
    expect(calls).toHaveLength(1);
    expect(summary.steps).toMatchObject({ total: 3, ok: 0, failed: 3 });
    expect(summary.failures[0]!.error).toMatch(/refused the API token \(401/);
    expect(summary.failures[2]!.error).toMatch(/^not sent: the app at .* refused the API token \(401/);
    expect(exitCodeFor(summary)).toBe(1);
  });

  it("an app that is not there: 'is the app running at URL?'", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const { calls, fetchFn } = fakeApp(() => refused);
    const summary = await runBackfillThroughApi(
      apiPlan(["--days", "8", "--end", "2026-11-20"]),
      { appUrl: APP, token: TOKEN },
      { fetch: fetchFn, auditDir: null },
    );
    expect(calls).toHaveLength(1);
    expect(summary.failures.map((f) => f.error)).toEqual([
      `could not reach the app at ${APP} (connection refused): is the app running at ${APP}? Start it (npm run dev) or pass --app-url`,
      `not sent: could not reach the app at ${APP} (connection refused): is the app running at ${APP}? Start it (npm run dev) or pass --app-url`,
    ]);
    expect(exitCodeFor(summary)).toBe(1);
  });

  it("a refused chunk (non-fatal) does not stop the next; a run that ended failed counts as failed", async () => {
    const failedRun = Response.json({
      runId: "run-2",
      status: "failed",
      telemetry: { ...emptyTelemetry(), keysFailed: 1, providers: {} },
    });
    const { calls, fetchFn } = fakeApp((_, n) =>
      n === 1 ? Response.json({ error: { message: "Busy." } }, { status: 503 }) : n === 2 ? failedRun : run(n),
    );
    const summary = await runBackfillThroughApi(
      apiPlan(["--days", "12", "--chunk-days", "4", "--end", "2026-11-20"]),
      { appUrl: APP, token: TOKEN },
      { fetch: fetchFn, auditDir: null },
    );
    expect(calls).toHaveLength(3);
    expect(summary.steps).toMatchObject({ total: 3, ok: 1, failed: 2 });
    expect(summary.runIds).toEqual(["run-2", "run-3"]);
    expect(summary.failures).toEqual([
      {
        step: 1,
        range: "2026-11-09..2026-11-12",
        org: TOKEN_ORG.name,
        error: "the app answered 503 (the app said: Busy.)",
      },
      { step: 2, range: "2026-11-13..2026-11-16", org: TOKEN_ORG.name, error: "run ended failed" },
    ]);
    expect(exitCodeFor(summary)).toBe(1);
  });
});
