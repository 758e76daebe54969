/**
 * Sign out here versus sign out everywhere: one account signed in twice (two browsers, two
 * devices); the plain sign-out ends only its own session, "everywhere" ends them all.
 */
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "./api-client";
import { CHROMIUM_ARGS, findChromium } from "./chromium";
import { sameOrigin, send, sessionWorks, signInSession, signUpSession } from "./raw-client";

describe("over the API", () => {
  it("plain sign-out ends only the current session", async () => {
    const { email, cookie: laptop } = await signUpSession("signout-one");
    const phone = await signInSession(email);
    expect((await send("/api/auth/sign-out", { method: "POST", cookie: laptop, headers: sameOrigin() })).status).toBe(
      200,
    );
    expect(await sessionWorks(laptop)).toBe(false);
    expect(await sessionWorks(phone)).toBe(true);
  });

  it("sign out everywhere ends a second session too, and no other account's", async () => {
    const { email, cookie: laptop } = await signUpSession("signout-all");
    const phone = await signInSession(email);
    const { cookie: someoneElse } = await signUpSession("bystander");
    const res = await send("/api/auth/sign-out-everywhere", { method: "POST", cookie: laptop, headers: sameOrigin() });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ signedOut: true, sessionsEnded: 2 });
    expect(res.headers.get("set-cookie")).toMatch(/ct_session=;/);
    expect(await sessionWorks(laptop)).toBe(false);
    expect(await sessionWorks(phone)).toBe(false);
    expect(await sessionWorks(someoneElse)).toBe(true);
  });

  it("needs a session", async () => {
    const res = await send("/api/auth/sign-out-everywhere", { method: "POST", headers: sameOrigin() });
    expect(res.status).toBe(401);
  });
});

describe("from the account menu in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
  });
  afterAll(async () => browser?.close());

  async function signedInContext(cookie: string): Promise<BrowserContext> {
    const context = await browser.newContext();
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: env().appUrl }]);
    return context;
  }

  it("the labelled button signs out this browser and the other one", async () => {
    const { email, cookie } = await signUpSession("menu-everywhere");
    const here = await signedInContext(cookie);
    const there = await signedInContext(await signInSession(email));
    const page = await here.newPage();
    await page.goto(`${env().appUrl}/keys`);
    await page.locator("summary", { hasText: "Account" }).click();
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.waitForURL(/\/sign-in/);

    const other = await there.newPage();
    await other.goto(`${env().appUrl}/keys`);
    await other.waitForURL(/\/sign-in\?next=%2Fkeys/);
    await here.close();
    await there.close();
  });
});
