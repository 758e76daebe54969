/**
 * Budgets in a real browser: an owner with usage creates a budget on /budgets (after the form's
 * own field errors), sees its progress (spent so far and forecast, in words next to the bars)
 * equal to what GET /api/budgets says, edits it, and deletes it after confirming.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUsdText } from "@/components/budgets/money";
import { adminKeyBody, env } from "./api-client";
import { CHROMIUM_ARGS, findChromium } from "./chromium";
import { callJson, signUpSession, type Session } from "./session";

let browser: Browser;
let context: BrowserContext;
let session: Session;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
  session = await signUpSession(env().appUrl, "budgets-browser");
  const key = await callJson(env().appUrl, "POST", "/api/keys", session.cookie, adminKeyBody("Budget key"));
  expect(key.status, key.text).toBe(201);
  const ingest = await callJson(env().appUrl, "POST", "/api/usage", session.cookie, {});
  expect(ingest.status, ingest.text).toBe(200);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const [name, value] = session.cookie.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url: env().appUrl }]);
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("budgets in the browser", () => {
  it("shows each error next to its field, then creates the budget and shows its progress", async () => {
    await page.goto(`${env().appUrl}/budgets`);
    const form = page.getByRole("form", { name: "Create a budget" });
    await form.getByLabel("Monthly amount (USD)").fill("0");
    await form.getByRole("button", { name: "Create budget" }).click();
    await expect(page.locator("#new-budget-name-error").innerText()).resolves.toBe("Enter a name");
    await expect(page.locator("#new-budget-amount-error").innerText()).resolves.toMatch(/^Enter an amount above 0/);
    await expect(form.getByLabel("Name").getAttribute("aria-describedby")).resolves.toContain("new-budget-name-error");

    await form.getByLabel("Name").fill("Browser budget");
    await form.getByLabel("Monthly amount (USD)").fill("1.50");
    await form.getByLabel("Alert at % of month-end forecast").fill("100");
    await form.getByRole("button", { name: "Create budget" }).click();
    const card = page.getByRole("article", { name: "Browser budget" });
    await card.waitFor();

    const listed = await callJson<{
      budgets: { name: string; amountUsd: string; progress: Record<string, string | boolean> }[];
    }>(env().appUrl, "GET", "/api/budgets", session.cookie);
    const budget = listed.body.budgets.find((b) => b.name === "Browser budget")!;
    expect(budget.amountUsd).toBe("1.5");
    const actual = String(budget.progress.actualUsd);
    const forecast = String(budget.progress.forecastUsd);
    const cardText = await card.innerText();
    expect(cardText).toContain(`${formatUsdText(actual)} of $1.50`);
    expect(cardText).toContain(formatUsdText(forecast));
    expect(cardText).toContain(
      budget.progress.onTrack ? "On track" : `Over by ${formatUsdText(String(budget.progress.overByUsd))}`,
    );
    await expect(card.getByRole("progressbar", { name: "Spent so far" }).count()).resolves.toBe(1);
    await expect(card.getByRole("progressbar", { name: "Month-end forecast" }).count()).resolves.toBe(1);
  });

  it("edits the amount and deletes the budget after confirming", async () => {
    const card = page.getByRole("article", { name: "Browser budget" });
    await card.getByRole("button", { name: "Edit Browser budget" }).click();
    const edit = card.getByRole("form", { name: "Edit budget Browser budget" });
    await edit.getByLabel("Monthly amount (USD)").fill("2500");
    await edit.getByRole("button", { name: "Save budget" }).click();
    await card.getByText("$2,500.00 a month", { exact: false }).waitFor();

    await card.getByRole("button", { name: "Delete Browser budget" }).click();
    await card.getByRole("button", { name: "Yes, delete Browser budget" }).click();
    await page.getByText("Deleted “Browser budget”.").waitFor();
    await page.getByRole("article", { name: "Browser budget" }).waitFor({ state: "detached" });
    const listed = await callJson<{ budgets: unknown[] }>(env().appUrl, "GET", "/api/budgets", session.cookie);
    expect(listed.body.budgets).toEqual([]);
  });
});
