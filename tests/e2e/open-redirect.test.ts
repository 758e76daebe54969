/**
 * Where the real sign-in page sends you afterwards, in Chromium: hostile `next` values land on our
 * own /analytics, never on another host; a genuine return path is honoured.
 */
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "./api-client";
import { CHROMIUM_ARGS, findChromium } from "./chromium";
import { PASSWORD, send, signUpSession } from "./raw-client";

let browser: Browser;
let email: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
  ({ email } = await signUpSession("redirect"));
});
afterAll(async () => browser?.close());

/** Signs in through the form at /sign-in?<query> and returns where the browser ends up. */
async function landingAfterSignIn(query: string): Promise<URL> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env().appUrl}/sign-in?${query}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await page.waitForLoadState();
  const landed = new URL(page.url());
  await context.close();
  return landed;
}

describe("after signing in", () => {
  it.each([
    "next=/%5Cevil.example/x",
    "next=/%09/evil.example/x",
    "next=//evil.example/x",
    "next=%2F%2Fevil.example%2Fx",
    "next=/%5C/evil.example",
    "next=/%0D%0A/evil.example",
    "next=/.//evil.example/x",
    "next=http://evil.example/x",
    "next=javascript:alert(document.domain)",
    "next=%20//evil.example",
  ])("%s lands on our own /analytics", async (query) => {
    const landed = await landingAfterSignIn(query);
    expect(landed.origin).toBe(env().appUrl);
    expect(landed.pathname).toBe("/analytics");
  });

  it("a return path on our own origin is kept", async () => {
    const landed = await landingAfterSignIn(`next=${encodeURIComponent("/keys?welcome=0")}`);
    expect(landed.origin).toBe(env().appUrl);
    expect(landed.pathname + landed.search).toBe("/keys?welcome=0");
  });
});

describe("the server-side redirect to sign-in", () => {
  it("carries the page's own path as next", async () => {
    const res = await send("/keys");
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location")!, env().appUrl);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("next")).toBe("/keys");
  });

  it("keeps a shared analytics view's query (streamed pages redirect in the HTML)", async () => {
    const res = await send("/analytics?model=gpt-4o");
    expect(res.text).toContain(`/sign-in?next=${encodeURIComponent("/analytics?model=gpt-4o")}`);
  });
});
