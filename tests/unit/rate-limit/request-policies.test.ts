import { afterEach, describe, expect, it } from "vitest";
import { buildConfig, ConfigError, resetConfig } from "@/lib/env";
import { REQUEST_POLICIES, requestPolicy } from "@/lib/rate-limit/request-policies";

const KEY = Buffer.alloc(32, 3).toString("base64");
afterEach(() => resetConfig());

describe("named request policies", () => {
  it("each has a positive limit, a window and a prefix of its own", () => {
    const policies = Object.entries(REQUEST_POLICIES);
    expect(policies.length).toBeGreaterThanOrEqual(6);
    for (const [key, p] of policies) {
      expect(p.name).toBe(key);
      expect(p.attempts).toBeGreaterThan(0);
      expect(p.windowSeconds).toBeGreaterThan(0);
      expect(p.tooMany).toMatch(/^Too many .+\.$/);
    }
    expect(new Set(policies.map(([, p]) => p.keyPrefix)).size).toBe(policies.length);
  });

  it("takes its number of attempts from config when set, and the default when empty", () => {
    resetConfig({ ENCRYPTION_KEY: KEY, RATE_LIMIT_SIGN_UP_PER_ADDRESS: "3", RATE_LIMIT_SIGN_IN_PER_ACCOUNT: "" });
    expect(requestPolicy("signUpPerAddress")).toEqual({ ...REQUEST_POLICIES.signUpPerAddress, attempts: 3 });
    expect(requestPolicy("signInPerAccount")).toEqual(REQUEST_POLICIES.signInPerAccount);
  });

  it.each(["0", "-1", "ten", "2.5"])("refuses RATE_LIMIT_SIGN_IN_PER_ADDRESS=%s at start", (value) => {
    expect(() => buildConfig({ RATE_LIMIT_SIGN_IN_PER_ADDRESS: value })).toThrow(ConfigError);
  });

  it("reads the client address settings, empty meaning the default", () => {
    expect(buildConfig({}).clientAddress).toEqual({ header: "x-forwarded-for", hops: 1 });
    expect(buildConfig({ CLIENT_ADDRESS_HEADER: "", CLIENT_ADDRESS_HOPS: "" }).clientAddress).toEqual({
      header: "x-forwarded-for",
      hops: 1,
    });
    expect(buildConfig({ CLIENT_ADDRESS_HEADER: "x-real-ip", CLIENT_ADDRESS_HOPS: "2" }).clientAddress).toEqual({
      header: "x-real-ip",
      hops: 2,
    });
    expect(() => buildConfig({ CLIENT_ADDRESS_HEADER: "forwarded" })).toThrow(ConfigError);
    expect(() => buildConfig({ CLIENT_ADDRESS_HOPS: "0" })).toThrow(ConfigError);
  });
});
