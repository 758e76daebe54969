/**
 * Security headers on every kind of response of the built app, and a CSP that the pages really
 * run under: Chromium loads each page type, hydrates it and reports no CSP violation.
 */
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminKeyBody, env } from "./api-client";
import { productionEnv, startApp } from "./app-server";
import { CHROMIUM_ARGS, findChromium } from "./chromium";
import { JSON_TYPE, PASSWORD, send, signUpSession } from "./raw-client";

let cookie: string;

beforeAll(async () => {
  ({ cookie } = await signUpSession("headers"));
  const key = await send("/api/keys", { method: "POST", cookie, headers: JSON_TYPE, body: adminKeyBody() });
  expect(key.status).toBe(201);
  const synced = await send("/api/usage", { method: "POST", cookie, headers: JSON_TYPE, body: {} });
  expect(synced.status).toBe(200);
});

function expectCommonHeaders(h: Headers) {
  expect(h.get("x-frame-options")).toBe("DENY");
  expect(h.get("x-content-type-options")).toBe("nosniff");
  expect(h.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(h.get("permissions-policy")).toMatch(/camera=\(\)/);
  expect(h.get("strict-transport-security")).toBeNull(); // plain http here
}

const nonceOf = (csp: string) => /'nonce-([A-Za-z0-9+/_=-]+)'/.exec(csp)?.[1];

const PAGES: [string, string, boolean, number][] = [
  // [kind, path, signed in, status]
  ["landing page", "/", false, 200],
  ["sign-in page", "/sign-in", false, 200],
  ["authenticated page", "/keys", true, 200],
  ["authenticated analytics page", "/analytics", true, 200],
  ["404 page", "/no-such-page", false, 404],
];

describe.each(PAGES)("%s", (_kind, path, signedIn, status) => {
  it("has a nonce CSP that every script carries, framing denied and the common headers", async () => {
    const res = await send(path, signedIn ? { cookie } : {});
    expect(res.status).toBe(status);
    expectCommonHeaders(res.headers);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/unsafe-eval/);
    const nonce = nonceOf(csp)!;
    const scripts = res.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const again = await send(path, signedIn ? { cookie } : {});
    expect(nonceOf(again.headers.get("content-security-policy")!)).not.toBe(nonce);
  });
});

describe.each([
  ["authenticated JSON", "/api/keys", true, 200, /application\/json/],
  ["CSV export", "/api/usage/export", true, 200, /text\/csv/],
  ["JSON error (signed out)", "/api/keys", false, 401, /application\/json/],
  ["unknown API path", "/api/no-such-route", false, 404, /./],
])("%s", (_kind, path, signedIn, status, type) => {
  it("cannot be framed, sniffed or cached, and loads nothing", async () => {
    const res = await send(path, signedIn ? { cookie } : {});
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(type);
    expectCommonHeaders(res.headers);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    if (status !== 404) expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("over https (behind a TLS-terminating proxy)", () => {
  it.each(["/", "/api/health"])("%s sends HSTS", async (path) => {
    const res = await send(path, { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
  });
});

describe("the session cookie", () => {
  it("is httpOnly and SameSite=Lax, and not Secure when APP_URL declares plain http", async () => {
    const res = await fetch(`${env().appUrl}/api/auth/sign-up`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ email: `cookie-${Date.now()}@example.com`, password: PASSWORD }),
    });
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
  });

  it("is Secure in production when APP_URL is left unset", async () => {
    const app = await startApp(productionEnv({ APP_URL: "" }));
    try {
      const res = await fetch(`${app.url}/api/auth/sign-up`, {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ email: `secure-${Date.now()}@example.com`, password: PASSWORD }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
    } finally {
      await app.stop();
    }
  });
});

describe("pages run under their CSP in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
  });
  afterAll(async () => browser?.close());

  /** Loads a page, collecting CSP violations the browser reports. */
  async function violationsOn(page: Page, path: string, ready: (p: Page) => Promise<unknown>): Promise<string[]> {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${env().appUrl}${path}`);
    await ready(page);
    return violations;
  }

  it("the landing page, the sign-in form (hydrated: it signs in) and a 404", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const found = [
      ...(await violationsOn(page, "/", (p) => p.getByRole("link", { name: /get started/i }).waitFor())),
      ...(await violationsOn(page, "/no-such-page", (p) =>
        p.getByRole("heading", { name: "Page not found" }).waitFor(),
      )),
    ];
    const email = (await signUpSession("csp-browser")).email;
    found.push(
      ...(await violationsOn(page, "/sign-in", async (p) => {
        await p.getByLabel("Email").fill(email);
        await p.getByLabel("Password").fill(PASSWORD);
        await p.getByRole("button", { name: "Sign in" }).click();
        await p.waitForURL(/\/analytics/);
      })),
    );
    expect(found).toEqual([]);
    await context.close();
  });

  it("the analytics page with its charts", async () => {
    const context = await browser.newContext();
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: env().appUrl }]);
    const page = await context.newPage();
    const found = await violationsOn(page, "/analytics", async (p) => {
      await p.locator(".recharts-surface").first().waitFor();
      await p.locator("summary", { hasText: "Account" }).click();
      await p.getByRole("button", { name: "Sign out everywhere" }).waitFor();
    });
    expect(found).toEqual([]);
    await context.close();
  });
});
