/**
 * One test per request policy applied to sign-in and sign-up, against the built app. It runs an
 * app of its own with small limits (the shared one raises the per-address limits so the other
 * suites, all signing up from 127.0.0.1, are never throttled), and every case sends its own
 * client addresses in X-Forwarded-For (`next start` keeps a client-sent one), so the cases never
 * share a bucket.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productionEnv, startApp, type RunningApp } from "./app-server";

const LIMITS = { perAccount: 3, perAddress: 6, signUpPerAddress: 3 };
const PASSWORD = "correct horse battery";
let app: RunningApp;

beforeAll(async () => {
  app = await startApp(
    productionEnv({
      RATE_LIMIT_SIGN_IN_PER_ACCOUNT: String(LIMITS.perAccount),
      RATE_LIMIT_SIGN_IN_PER_ADDRESS: String(LIMITS.perAddress),
      RATE_LIMIT_SIGN_UP_PER_ADDRESS: String(LIMITS.signUpPerAddress),
    }),
  );
});
afterAll(async () => app?.stop());

/** A documentation-range address (RFC 5737) no other case uses; the app's database is new each run. */
let lastAddress = 0;
const newAddress = () => `198.51.100.${++lastAddress}`;
const newEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

async function post(path: string, body: unknown, address: string) {
  const res = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: { code: string; message: string } };
  return { status: res.status, retryAfter: res.headers.get("retry-after"), error: json.error };
}

const signIn = (email: string, password: string, address: string) =>
  post("/api/auth/sign-in", { email, password }, address);

async function signUp(email: string, address = newAddress()) {
  const res = await post("/api/auth/sign-up", { email, password: PASSWORD }, address);
  expect(res.status).toBe(201);
}

function expectLimited(res: Awaited<ReturnType<typeof post>>, message: RegExp, windowSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.error?.code).toBe("RATE_LIMITED");
  expect(res.error?.message).toMatch(message);
  const seconds = Number(res.retryAfter);
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(windowSeconds);
}

describe("sign-in and sign-up limits on the built app", () => {
  it("after N wrong passwords for one account, the next try is a 429 with Retry-After, even with the right password and from elsewhere", async () => {
    const email = newEmail("guessed");
    await signUp(email);
    const attacker = newAddress();
    for (let i = 0; i < LIMITS.perAccount; i++) {
      expect((await signIn(email, `wrong password ${i}`, attacker)).status).toBe(401);
    }
    const tooMany = /^Too many sign-in attempts for this email address\. Try again in \d+ minutes?\.$/;
    expectLimited(await signIn(email, "wrong password again", attacker), tooMany, 15 * 60);
    expectLimited(await signIn(email, PASSWORD, attacker), tooMany, 15 * 60);
    expectLimited(await signIn(email, PASSWORD, newAddress()), tooMany, 15 * 60);

    // The limit is that account's: another account signs in from the same address.
    const neighbour = newEmail("neighbour");
    await signUp(neighbour);
    expect((await signIn(neighbour, PASSWORD, attacker)).status).toBe(200);
  });

  it("a correct password does not count as a failure", async () => {
    const email = newEmail("typo");
    await signUp(email);
    const address = newAddress();
    for (let i = 0; i < LIMITS.perAccount - 1; i++) expect((await signIn(email, "typo", address)).status).toBe(401);
    expect((await signIn(email, PASSWORD, address)).status).toBe(200);
    expect((await signIn(email, "typo", address)).status).toBe(401);
    expect((await signIn(email, "typo", address)).status).toBe(429);
  });

  it("one client address is limited across different accounts", async () => {
    const real = newEmail("real");
    await signUp(real);
    const sprayer = newAddress();
    for (let i = 0; i < LIMITS.perAddress; i++) {
      expect((await signIn(newEmail(`spray${i}`), "password123", sprayer)).status).toBe(401);
    }
    const fromNetwork = /^Too many sign-in attempts from your network\. Try again in \d+ minutes?\.$/;
    expectLimited(await signIn(real, PASSWORD, sprayer), fromNetwork, 15 * 60);
    expect((await signIn(real, PASSWORD, newAddress())).status).toBe(200);
  });

  it("one client address can create only so many accounts", async () => {
    const address = newAddress();
    for (let i = 0; i < LIMITS.signUpPerAddress; i++) await signUp(newEmail(`batch${i}`), address);
    const email = newEmail("one-too-many");
    expectLimited(
      await post("/api/auth/sign-up", { email, password: PASSWORD }, address),
      /^Too many sign-ups from your network\. Try again in \d+ minutes?\.$/,
      3600,
    );
    await signUp(email, newAddress());
  });
});
