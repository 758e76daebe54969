/**
 * The spend view as a person uses it: the stacking control reloads the chart by another grouping,
 * the Spend/Tokens toggle redraws it, and the spend table sorts by its column headers.
 */
import { chromium, type Browser, type BrowserContext, type Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminKeyBody, env } from "./api-client";
import { CHROMIUM_ARGS, findChromium } from "./chromium";
import { callJson, signUpSession } from "./session";

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
  const session = await signUpSession(env().appUrl, "spend-browser");
  expect((await callJson(env().appUrl, "POST", "/api/keys", session.cookie, adminKeyBody("Spend key"))).status).toBe(
    201,
  );
  expect((await callJson(env().appUrl, "POST", "/api/usage", session.cookie, {})).status).toBe(200);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const [name, value] = session.cookie.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url: env().appUrl }]);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** The numbers of one column of the spend table, top to bottom. */
async function column(table: Locator, index: number): Promise<number[]> {
  const cells = await table.locator(`tbody tr td:nth-of-type(${index})`).allInnerTexts();
  return cells.map((t) => Number(t.replace(/[^\d.-]/g, "")));
}

describe("spend over time", () => {
  it("stacks by another grouping, toggles to tokens, and sorts the spend table", async () => {
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/analytics`);
    const chart = page.locator("[data-testid=spend-chart]");
    await chart.locator(".recharts-surface").waitFor();
    expect(await chart.getAttribute("data-stack")).toBe("provider");
    expect(await chart.getAttribute("data-measure")).toBe("spend");
    await expect.poll(() => page.locator("[data-testid=spend-basis]").innerText()).toMatch(/Billed .* Estimated/);

    await page.getByRole("radiogroup", { name: "Stack by" }).getByRole("radio", { name: "Model" }).click();
    await page.waitForURL(/[?&]stack=model/);
    await page.locator("[data-testid=spend-chart][data-stack=model] .recharts-surface").waitFor();
    const table = page.locator("[data-testid=spend-table]");
    expect(await table.locator("thead th").first().innerText()).toMatch(/^model/i);
    const rows = await table.locator("tbody tr").count();
    expect(rows).toBeGreaterThan(1);
    // The chart draws one bar series per model group (up to eight, then "Other").
    expect(await page.locator("[data-testid=spend-chart] .recharts-bar").count()).toBe(Math.min(rows, 9));

    await page.getByRole("radiogroup", { name: "Chart shows" }).getByRole("radio", { name: "Tokens" }).click();
    await page.locator("[data-testid=spend-chart][data-measure=tokens]").waitFor();
    await page.getByRole("heading", { name: "Token use by group over time" }).waitFor();

    // Default: spend, biggest first.
    const spend = await column(table, 1);
    expect(spend).toEqual([...spend].sort((a, b) => b - a));
    const tokensHeader = table.getByRole("columnheader", { name: /Tokens/ });
    await tokensHeader.getByRole("button").click();
    expect(await tokensHeader.getAttribute("aria-sort")).toBe("descending");
    const down = await column(table, 4);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    await tokensHeader.getByRole("button").click();
    expect(await tokensHeader.getAttribute("aria-sort")).toBe("ascending");
    const up = await column(table, 4);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(up).not.toEqual(down);
    await page.close();
  });
});
