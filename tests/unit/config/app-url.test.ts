import { afterEach, describe, expect, it } from "vitest";
import { sessionCookieOptions } from "@/lib/auth/sessions";
import { buildConfig, ConfigError, resetConfig } from "@/lib/env";

const KEY = Buffer.alloc(32, 3).toString("base64");
const prod = {
  NODE_ENV: "production",
  AUTH_MODE: "local",
  ENCRYPTION_KEY: KEY,
  CRON_SECRET: "c".repeat(40),
  METRICS_TOKEN: "m".repeat(40),
  DATABASE_URL: "postgres://u:p@127.0.0.1:5432/db",
};
const secureWith = (env: Record<string, string | undefined>) => {
  resetConfig(env);
  return sessionCookieOptions(new Date()).secure;
};

afterEach(() => resetConfig());

describe("APP_URL and the session cookie's Secure flag", () => {
  it("is Secure in production by default, with or without an https APP_URL", () => {
    expect(secureWith({ ...prod, APP_URL: undefined })).toBe(true);
    expect(secureWith({ ...prod, APP_URL: "" })).toBe(true);
    expect(secureWith({ ...prod, APP_URL: "https://cognitrack.example" })).toBe(true);
  });

  it("drops Secure only when APP_URL explicitly declares plain http", () => {
    expect(secureWith({ ...prod, APP_URL: "http://127.0.0.1:3000" })).toBe(false);
    expect(secureWith({ ...prod, APP_URL: "HTTP://localhost:3000" })).toBe(false);
  });

  it("is not Secure outside production (next dev on http://localhost)", () => {
    expect(secureWith({ NODE_ENV: "development", ENCRYPTION_KEY: KEY, APP_URL: undefined })).toBe(false);
  });

  it("trusts APP_URL's origin only when it is set", () => {
    expect(buildConfig({ APP_URL: "https://cognitrack.example/base/" }).publicOrigin).toBe(
      "https://cognitrack.example",
    );
    const unset = buildConfig({ APP_URL: "" });
    expect(unset.publicOrigin).toBeNull();
    expect(unset.appUrl).toBe("http://localhost:3000");
  });

  it.each(["ftp://x.example", "javascript:alert(1)", "cognitrack.example"])("refuses APP_URL=%s", (value) => {
    expect(() => buildConfig({ APP_URL: value })).toThrow(ConfigError);
  });
});
