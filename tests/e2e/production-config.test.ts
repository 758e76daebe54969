import { describe, expect, it } from "vitest";
import { AppExited, productionEnv, startApp } from "./app-server";

async function refusal(overrides: Record<string, string>): Promise<string> {
  const env = productionEnv();
  for (const [k, v] of Object.entries(overrides)) {
    if (v === "<unset>") delete env[k];
    else env[k] = v;
  }
  try {
    const app = await startApp(env, 30_000);
    await app.stop();
    return "started";
  } catch (e) {
    if (e instanceof AppExited) return e.output;
    throw e;
  }
}

describe("a production server refuses to start with unsafe settings, naming the problem", () => {
  it.each([
    [{ AUTH_MODE: "<unset>" }, /No sign-in is configured/],
    [{ ENCRYPTION_KEY: "<unset>" }, /ENCRYPTION_KEY is not set/],
    [{ ENCRYPTION_KEY: "abc123" }, /ENCRYPTION_KEY must be 32 bytes/],
    [{ CRON_SECRET: "<unset>" }, /CRON_SECRET is not set/],
    [{ CRON_SECRET: "changeme" }, /CRON_SECRET is a placeholder/],
    [{ CRON_SECRET: "undefined" }, /CRON_SECRET is a placeholder/],
    [{ CRON_SECRET: "too-short-1234" }, /at least 32/],
    [{ METRICS_TOKEN: "<unset>" }, /METRICS_TOKEN is not set/],
    // The embedded database in production only on a folder named on purpose, never on Vercel.
    [{ PGLITE_DATA_DIR: "<unset>" }, /DATABASE_URL is not set: in production/],
    [{ VERCEL: "1" }, /DATABASE_URL is not set: on Vercel/],
  ])("%j", async (overrides, message) => {
    const output = await refusal(overrides);
    expect(output).toMatch(/CogniTrack cannot start/);
    expect(output).toMatch(message);
  });

  it("starts with safe settings", async () => {
    expect(await refusal({})).toBe("started");
  });
});
