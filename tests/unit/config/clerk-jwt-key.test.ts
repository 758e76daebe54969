import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildConfig, ConfigError } from "@/lib/env";

const clerk = {
  NODE_ENV: "development",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_test_${Buffer.from("clerk.cognitrack.invalid$").toString("base64")}`,
  CLERK_SECRET_KEY: "sk_test_unit",
};
const pem = (modulusLength = 2048) =>
  generateKeyPairSync("rsa", { modulusLength }).publicKey.export({ type: "spki", format: "pem" }).toString();

function authOf(env: Record<string, string>) {
  try {
    return buildConfig(env).auth;
  } catch (e) {
    if (e instanceof ConfigError) return { problems: e.problems };
    throw e;
  }
}

describe("CLERK_JWT_KEY", () => {
  it("passes Clerk's PEM public key through, as written or on one line with \\n escapes", () => {
    const key = pem();
    expect(authOf({ ...clerk, CLERK_JWT_KEY: key })).toMatchObject({ mode: "clerk", jwtKey: key });
    const oneLine = key.trim().replace(/\n/g, "\\n");
    expect(authOf({ ...clerk, CLERK_JWT_KEY: oneLine })).toMatchObject({ mode: "clerk", jwtKey: key });
  });

  it("empty means Clerk's key set is fetched (no local key)", () => {
    expect(authOf({ ...clerk, CLERK_JWT_KEY: "" })).toMatchObject({ mode: "clerk", jwtKey: null });
  });

  it.each([
    ["not a key", "hello"],
    [
      "a private key",
      generateKeyPairSync("rsa", { modulusLength: 2048 })
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString(),
    ],
    [
      "an EC key",
      generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString(),
    ],
    ["a 4096-bit RSA key Clerk cannot read from PEM", pem(4096)],
    ["a truncated PEM", pem().slice(0, 80)],
  ])("names %s as a problem at start", (_why, value) => {
    expect(authOf({ ...clerk, CLERK_JWT_KEY: value })).toEqual({
      problems: [expect.stringMatching(/CLERK_JWT_KEY must be the PEM public key/)],
    });
  });
});
