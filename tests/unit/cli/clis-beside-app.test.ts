import { describe, expect, it } from "vitest";
import { storedKeyBesideAppMessage } from "../../../scripts/admin-usage-sample";
import { DIFF_THROUGH_APP_HINT, parseDiffArgs } from "../../../scripts/diff/run";
import { chooseCliRoute, runningAppHolds, type RouteContext } from "../../../scripts/lib/app-api";
import { UsageError } from "../../../scripts/lib/runtime";

const TOKEN = `ct_${"d".repeat(43)}`;
const app = { pid: 4242, command: "next start", startedAt: "2026-11-21T10:00:00.000Z" };
const cli = { pid: 4243, command: "tsx usage-backfill.ts", startedAt: "2026-11-21T10:00:00.000Z" };
const ctx = (over: Partial<RouteContext> = {}): RouteContext => ({
  appUrl: "http://localhost:3000/",
  apiToken: null,
  embedded: { dataDir: ".data/pglite", holder: null },
  ...over,
});

function refusal(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a refusal");
}

describe("the shared app-API route chooser, for usage:diff", () => {
  it("goes through the app with --token, or with COGNITRACK_API_TOKEN only while the app holds the database", () => {
    const api = { kind: "api", target: { appUrl: "http://localhost:3000", token: TOKEN } };
    expect(chooseCliRoute({ token: TOKEN }, ctx(), DIFF_THROUGH_APP_HINT)).toEqual(api);
    expect(chooseCliRoute({}, ctx({ apiToken: TOKEN }), DIFF_THROUGH_APP_HINT)).toEqual({ kind: "local" });
    const heldByCli = ctx({ apiToken: TOKEN, embedded: { dataDir: "d", holder: cli } });
    expect(chooseCliRoute({}, heldByCli, DIFF_THROUGH_APP_HINT)).toEqual({ kind: "local" });
    const heldByApp = ctx({ apiToken: TOKEN, embedded: { dataDir: "d", holder: app } });
    expect(chooseCliRoute({}, heldByApp, DIFF_THROUGH_APP_HINT)).toEqual(api);
    expect(runningAppHolds(heldByApp)).toEqual(app);
    expect(runningAppHolds(heldByCli)).toBeNull();
  });

  it("held by the app without a token: the busy message names the diff's own token way", () => {
    const err = refusal(() =>
      chooseCliRoute({}, ctx({ embedded: { dataDir: "d", holder: app } }), DIFF_THROUGH_APP_HINT),
    );
    expect(err.message).toContain(
      "Either run it through the app: npm run usage:diff -- --token ct_... --csv FILE (an API token with usage:read from Settings -> API tokens); or stop the app",
    );
  });

  it("--token takes the diff's options except --user and --write-csv, refused in plain words (exit 2)", () => {
    const args = parseDiffArgs([
      "--csv",
      "x.csv",
      "--org",
      "Acme",
      "--token",
      TOKEN,
      "--app-url",
      "http://127.0.0.1:4000/",
    ]);
    expect(args).toMatchObject({ token: TOKEN, appUrl: "http://127.0.0.1:4000", org: "Acme" });
    const user = refusal(() => parseDiffArgs(["--csv", "x.csv", "--user", "ana@example.com", "--token", TOKEN]));
    expect(user).toBeInstanceOf(UsageError);
    expect(user.message).toMatch(
      /^--user cannot be used with --token: through the app the API token's own organization/,
    );
    const write = refusal(() => parseDiffArgs(["--write-csv", "out.csv", "--token", TOKEN]));
    expect(write).toBeInstanceOf(UsageError);
    expect(write.message).toMatch(/^--write-csv cannot be used with --token: .*GET \/api\/usage\/export/);
    const bad = refusal(() => parseDiffArgs(["--csv", "x.csv", "--token", "sk-not-a-token"]));
    expect(bad.message).toBe(
      "--token must be an API token starting with ct_ (create one under Settings -> API tokens)",
    );
    expect(bad.message).not.toContain("sk-not-a-token");
  });
});

describe("usage:admin-sample beside the running app", () => {
  it("--key-id is refused naming --api-key-env, since a stored key never leaves the app", () => {
    const message = storedKeyBesideAppMessage(".data/pglite", app);
    expect(message).toMatch(
      /^--key-id reads the stored key from the embedded database in \.data\/pglite, which the running app holds \(pid 4242, "next start"\)/,
    );
    expect(message).toContain("stored keys never leave the app");
    expect(message).toContain("npm run usage:admin-sample -- --api-key-env MY_ADMIN_KEY");
  });
});
