import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/types";
import { userFromClerkRequest } from "@/lib/auth/clerk-user";
import { resetConfig } from "@/lib/env";

// A syntactically valid development publishable key (frontend API "example.clerk.accounts.dev").
const PUBLISHABLE = `pk_test_${Buffer.from("example.clerk.accounts.dev$").toString("base64")}`;
const NO_DB = new Proxy({} as Db, {
  get() {
    throw new Error("the database must not be touched for an anonymous request");
  },
});

const networkCalls: string[] = [];
// Installed before Clerk's SDK is first imported (lazily, by the code under test), so it sees this fetch.
beforeAll(() => {
  vi.stubGlobal("fetch", async (input: unknown) => {
    networkCalls.push(String(input));
    throw new Error("no network in this test");
  });
});
afterAll(() => vi.unstubAllGlobals());
afterEach(() => resetConfig());

describe("Clerk mode, API routes (authenticated without the proxy)", () => {
  it.each([
    ["no cookies at all", {}],
    ["a session cookie that is not a JWT", { cookie: "__session=not-a-jwt; __client_uat=0" }],
    ["a bearer token that is not a JWT", { authorization: "Bearer not-a-jwt" }],
  ])("treats a request with %s as signed out, without any network call", async (_why, headers) => {
    resetConfig({
      NODE_ENV: "test",
      ENCRYPTION_KEY: Buffer.alloc(32, 5).toString("base64"),
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PUBLISHABLE,
      CLERK_SECRET_KEY: "sk_test_offline",
    });
    const req = new Request("http://127.0.0.1:3000/api/keys", { headers });
    expect(await userFromClerkRequest(NO_DB, req)).toBeNull();
    expect(networkCalls).toEqual([]);
  });

  it("is not used in local mode", async () => {
    resetConfig({ NODE_ENV: "test", ENCRYPTION_KEY: Buffer.alloc(32, 5).toString("base64"), AUTH_MODE: "local" });
    expect(await userFromClerkRequest(NO_DB, new Request("http://127.0.0.1:3000/api/keys"))).toBeNull();
  });
});
