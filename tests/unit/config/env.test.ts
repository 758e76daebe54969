import { describe, expect, it } from "vitest";
import { buildConfig, ConfigError } from "@/lib/env";

const GOOD_KEY_B64 = Buffer.alloc(32, 7).toString("base64");
const GOOD_KEY_HEX = Buffer.alloc(32, 9).toString("hex");
const GOOD_CRON = "c".repeat(40);
const GOOD_METRICS = "m".repeat(40);
const prod = {
  NODE_ENV: "production",
  AUTH_MODE: "local",
  ENCRYPTION_KEY: GOOD_KEY_B64,
  CRON_SECRET: GOOD_CRON,
  METRICS_TOKEN: GOOD_METRICS,
  DATABASE_URL: "postgres://u:p@127.0.0.1:5432/db",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    buildConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe("production config refuses unsafe settings", () => {
  it("accepts a safe production config with a base64 or hex key", () => {
    expect(problemsOf(prod)).toEqual([]);
    expect(problemsOf({ ...prod, ENCRYPTION_KEY: GOOD_KEY_HEX })).toEqual([]);
  });

  it("names missing auth", () => {
    expect(problemsOf({ ...prod, AUTH_MODE: undefined }).join()).toMatch(/No sign-in is configured/);
  });

  it("accepts Clerk keys instead of AUTH_MODE=local", () => {
    expect(
      problemsOf({
        ...prod,
        AUTH_MODE: undefined,
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x",
        CLERK_SECRET_KEY: "sk_test_x",
      }),
    ).toEqual([]);
  });

  it.each([
    [undefined, /ENCRYPTION_KEY is not set/],
    ["too-short", /32 bytes/],
    [Buffer.alloc(16).toString("base64"), /32 bytes/],
    ["z".repeat(64), /32 bytes/],
  ])("names a bad ENCRYPTION_KEY (%s)", (key, pattern) => {
    expect(problemsOf({ ...prod, ENCRYPTION_KEY: key }).join()).toMatch(pattern);
  });

  it.each([
    [undefined, /CRON_SECRET is not set/],
    ["changeme", /placeholder/],
    ["undefined", /placeholder/],
    ["secret", /placeholder/],
    ["replace-with-a-long-random-string-of-at-least-32-characters", /placeholder/],
    ["short-but-real-9f8e7d", /at least 32/],
  ])("names a bad CRON_SECRET (%s)", (secret, pattern) => {
    expect(problemsOf({ ...prod, CRON_SECRET: secret }).join()).toMatch(pattern);
  });

  it("lists every problem at once", () => {
    const problems = problemsOf({ NODE_ENV: "production" });
    expect(problems).toHaveLength(5);
  });

  it("outside production, a missing CRON_SECRET only disables the cron route", () => {
    const config = buildConfig({ NODE_ENV: "development" });
    expect(config.cron.secret).toBeNull();
    expect(config.auth.mode).toBe("local");
    expect(config.database.kind).toBe("pglite");
  });

  it("picks the driver from DATABASE_URL", () => {
    expect(buildConfig({ DATABASE_URL: "postgres://u:p@127.0.0.1:5432/db" }).database.kind).toBe("pg");
    expect(buildConfig({ DATABASE_URL: "postgres://u:p@ep-x.eu-central-1.aws.neon.tech/db" }).database.kind).toBe(
      "neon",
    );
  });

  it("reads the analytics statement timeout: empty means the default, 0 means none, junk is refused", () => {
    expect(buildConfig({}).analytics.statementTimeoutMs).toBe(10_000);
    expect(buildConfig({ ANALYTICS_STATEMENT_TIMEOUT_MS: "" }).analytics.statementTimeoutMs).toBe(10_000);
    expect(buildConfig({ ANALYTICS_STATEMENT_TIMEOUT_MS: "2500" }).analytics.statementTimeoutMs).toBe(2500);
    expect(buildConfig({ ANALYTICS_STATEMENT_TIMEOUT_MS: "0" }).analytics.statementTimeoutMs).toBe(0);
    expect(problemsOf({ ANALYTICS_STATEMENT_TIMEOUT_MS: "-1" }).join()).toMatch(/ANALYTICS_STATEMENT_TIMEOUT_MS/);
    expect(problemsOf({ ANALYTICS_STATEMENT_TIMEOUT_MS: "soon" }).join()).toMatch(/ANALYTICS_STATEMENT_TIMEOUT_MS/);
  });

  it("parses previous keys for rotation", () => {
    const config = buildConfig({ ...prod, ENCRYPTION_KEY_VERSION: "2", ENCRYPTION_PREVIOUS_KEYS: `1:${GOOD_KEY_HEX}` });
    expect(config.encryption.current?.version).toBe(2);
    expect(config.encryption.previous.map((k) => k.version)).toEqual([1]);
  });
});

describe(".env.example", () => {
  it("documents every variable the config module reads", async () => {
    const { readFileSync } = await import("node:fs");
    const { CONFIG_VARIABLES } = await import("@/lib/env");
    const documented = new Set(
      readFileSync(".env.example", "utf8")
        .split("\n")
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => l.split("=")[0]),
    );
    expect(CONFIG_VARIABLES.filter((v) => !documented.has(v))).toEqual([]);
  });

  it("copied as it is, starts a development server: every empty value means its default", async () => {
    const { readFileSync } = await import("node:fs");
    const entries = readFileSync(".env.example", "utf8")
      .split("\n")
      .map((l) => /^([A-Z_]+)=(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!] as const);
    expect(entries.filter(([, v]) => v === "").length).toBeGreaterThan(0);
    const config = buildConfig({ ...Object.fromEntries(entries), NODE_ENV: "development" });
    expect(config.auth.mode).toBe("local");
    expect(config.database.kind).toBe("pglite");
  });
});

describe("Anthropic settings", () => {
  it("default to the public API, an empty value meaning the default, and pace per Admin key", () => {
    for (const value of [undefined, "", "  "]) {
      expect(buildConfig({ ANTHROPIC_API_BASE_URL: value }).anthropic).toEqual({
        baseUrl: "https://api.anthropic.com",
        pacing: {},
      });
    }
  });

  it("take a base URL without its trailing slash and refuse one that is not a URL", () => {
    expect(buildConfig({ ANTHROPIC_API_BASE_URL: "http://127.0.0.1:4010/" }).anthropic.baseUrl).toBe(
      "http://127.0.0.1:4010",
    );
    expect(() => buildConfig({ ANTHROPIC_API_BASE_URL: "not a url" })).toThrow(ConfigError);
    expect(() => buildConfig({ ANTHROPIC_ADMIN_MAX_BURST: "0" })).toThrow(ConfigError);
  });
});

describe("mail for invitations", () => {
  it("is off unless SMTP_URL is set (empty = off), with a sender from APP_URL unless SMTP_FROM is given", () => {
    expect(buildConfig({ ...prod, SMTP_URL: "" }).smtp).toBeNull();
    expect(buildConfig({ ...prod, APP_URL: "https://spend.example.com", SMTP_URL: "smtp://mail:25" }).smtp).toEqual({
      url: "smtp://mail:25",
      from: "CogniTrack <no-reply@spend.example.com>",
    });
    expect(buildConfig({ ...prod, SMTP_URL: "smtps://u:p@mail:465", SMTP_FROM: "Ops <ops@x.io>" }).smtp?.from).toBe(
      "Ops <ops@x.io>",
    );
  });

  it("refuses an SMTP_URL that is not an smtp:// or smtps:// address", () => {
    expect(problemsOf({ ...prod, SMTP_URL: "mail.example.com:25" })).toEqual([
      "SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465.",
    ]);
  });
});

describe("deploy safety: production needs a database that survives a deploy", () => {
  const noDb = { ...prod, DATABASE_URL: undefined };

  it("refuses production without DATABASE_URL unless PGLITE_DATA_DIR is set explicitly", () => {
    expect(problemsOf(noDb).join()).toMatch(/DATABASE_URL is not set: in production/);
    expect(problemsOf({ ...noDb, PGLITE_DATA_DIR: "" }).join()).toMatch(/DATABASE_URL is not set/);
    expect(problemsOf({ ...noDb, PGLITE_DATA_DIR: "/var/lib/cognitrack/pglite" })).toEqual([]);
    expect(buildConfig({ ...noDb, PGLITE_DATA_DIR: "/var/lib/cognitrack/pglite" }).database).toMatchObject({
      kind: "pglite",
      dataDir: "/var/lib/cognitrack/pglite",
    });
  });

  it("refuses Vercel without DATABASE_URL even with PGLITE_DATA_DIR, in production or not", () => {
    expect(problemsOf({ ...noDb, VERCEL: "1", PGLITE_DATA_DIR: "/tmp/pglite" }).join()).toMatch(/on Vercel/);
    expect(() => buildConfig({ NODE_ENV: "development", VERCEL: "1" })).toThrow(/on Vercel/);
    expect(problemsOf({ ...prod, VERCEL: "1" })).toEqual([]);
  });

  it("keeps development on the default embedded folder without any setting", () => {
    for (const dir of [undefined, "", "  "]) {
      expect(buildConfig({ NODE_ENV: "development", PGLITE_DATA_DIR: dir }).database).toMatchObject({
        kind: "pglite",
        dataDir: ".data/pglite",
      });
    }
  });

  it("lets `next build` through (it runs nothing)", () => {
    expect(() => buildConfig({ ...noDb, NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });
});

describe("METRICS_TOKEN", () => {
  it("is required in production and must be a real secret", () => {
    expect(problemsOf({ ...prod, METRICS_TOKEN: undefined }).join()).toMatch(/METRICS_TOKEN is not set/);
    expect(problemsOf({ ...prod, METRICS_TOKEN: "changeme" }).join()).toMatch(/METRICS_TOKEN is a placeholder/);
    expect(problemsOf({ ...prod, METRICS_TOKEN: "short-token" }).join()).toMatch(/METRICS_TOKEN is 11 characters/);
    expect(buildConfig(prod).metrics.token).toBe(GOOD_METRICS);
  });

  it("is optional outside production: unset or empty turns the endpoint off", () => {
    expect(buildConfig({ NODE_ENV: "development" }).metrics.token).toBeNull();
    expect(buildConfig({ NODE_ENV: "development", METRICS_TOKEN: "" }).metrics.token).toBeNull();
    expect(() => buildConfig({ NODE_ENV: "development", METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
  });
});
