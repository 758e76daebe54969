import { afterEach, describe, expect, it } from "vitest";
import { verifyCronAuthorization } from "@/lib/cron/auth";
import { resetConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";

const SECRET = "0123456789abcdef0123456789abcdef-cron";

function statusFor(header: string | null): number {
  try {
    verifyCronAuthorization(header);
    return 200;
  } catch (e) {
    return (e as AppError).status;
  }
}

afterEach(() => resetConfig());

describe("cron authorization", () => {
  it.each([
    ["unset", undefined],
    ["a placeholder", "changeme"],
    ["the literal string undefined", "undefined"],
    ["too short", "short-secret"],
  ])("answers 503 when CRON_SECRET is %s", (_why, secret) => {
    resetConfig({ NODE_ENV: "development", CRON_SECRET: secret });
    expect(statusFor(`Bearer ${secret}`)).toBe(503);
  });

  it.each([
    ["missing", null],
    ["empty", ""],
    ["Bearer undefined", "Bearer undefined"],
    ["wrong secret", "Bearer 0123456789abcdef0123456789abcdef-nope"],
    ["no Bearer prefix", SECRET],
    ["lowercase scheme", `bearer ${SECRET}`],
    ["a longer secret", `Bearer ${SECRET}x`],
  ])("answers 401 for a %s header", (_why, header) => {
    resetConfig({ NODE_ENV: "development", CRON_SECRET: SECRET });
    expect(statusFor(header)).toBe(401);
  });

  it("accepts the right bearer secret", () => {
    resetConfig({ NODE_ENV: "development", CRON_SECRET: SECRET });
    expect(statusFor(`Bearer ${SECRET}`)).toBe(200);
  });
});
