/**
 * The product as a person uses it, in Debian's Chromium against the built app and the emulator:
 * sign up, add a key, refresh, read totals that match the provider, filter, export, edit, delete the
 * key (history kept) and then the account, sign out; organizations from the header; a second person
 * sees none of it. Screenshots land in audit/screenshots/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "./api-client";
import { CHROMIUM_ARGS, findChromium } from "./chromium";

const SHOTS = "audit/screenshots";
const PASSWORD = "correct horse battery";
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
});
afterAll(async () => browser?.close());

interface EmulatorSums {
  completions: { totals: { input_tokens: number; output_tokens: number; num_model_requests: number } };
  embeddings: { totals: { input_tokens: number; num_model_requests: number } };
}

async function emulatorTotals(start: string, end: string, extra = ""): Promise<EmulatorSums> {
  const res = await fetch(`${env().emulatorOrigin}/__emulator/totals?start=${start}&end=${end}${extra}`);
  return (await res.json()) as EmulatorSums;
}

/** The number in a headline card, e.g. "Input tokens 1,234,567 tokens" -> 1234567. */
async function cardNumber(page: Page, label: string): Promise<number> {
  const card = page.locator(".stat", { has: page.locator(".stat-label", { hasText: new RegExp(`^${label}$`) }) });
  const text = await card.locator(".stat-value").innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

async function signUp(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${env().appUrl}/`);
  await page
    .getByRole("link", { name: /get started|create a free account/i })
    .first()
    .click();
  await page.waitForURL(/\/sign-up/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/keys/);
  return page;
}

function pageRange(page: Page) {
  const url = new URL(page.url());
  const today = new Date().toISOString().slice(0, 10);
  const start =
    url.searchParams.get("start") ?? new Date(Date.parse(today) - 29 * 86_400_000).toISOString().slice(0, 10);
  return { start, end: url.searchParams.get("end") ?? today };
}

describe("a team lead tracking spend", () => {
  let context: BrowserContext;
  let page: Page;
  const email = `lead-${Date.now()}@example.com`;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    page = await signUp(context, email);
  });
  afterAll(async () => context?.close());

  it("adds an admin key and never sees it in plain text", async () => {
    const { admin } = env();
    await page.getByLabel("Label").fill("Production org");
    await page.getByLabel("OpenAI API key").fill(admin.apiKey);
    await page.getByLabel("Organization ID").fill(admin.organizationId);
    await page.getByLabel("Project ID").fill(admin.projectId);
    await page.getByRole("button", { name: "Add key" }).click();
    await expect.poll(() => page.getByTestId("masked-key").first().innerText()).toMatch(/^sk-admin-\.\.\./);
    expect(await page.content()).not.toContain(admin.apiKey);
    await page.reload();
    expect(await page.content()).not.toContain(admin.apiKey);
  });

  it("refreshes and sees totals that match the provider's data", async () => {
    await page.getByRole("link", { name: "Analytics" }).click();
    await page.waitForURL(/\/analytics/);
    await page
      .getByRole("button", { name: /refresh/i })
      .first()
      .click();
    await expect.poll(() => page.getByRole("status").innerText(), { timeout: 60_000 }).toMatch(/Synced/i);
    await page.locator(".stat").first().waitFor({ timeout: 30_000 });
    await page.locator(".recharts-surface").first().waitFor();

    const { start, end } = pageRange(page);
    const truth = await emulatorTotals(start, end);
    const expectedInput = truth.completions.totals.input_tokens + truth.embeddings.totals.input_tokens;
    expect(await cardNumber(page, "Input tokens")).toBe(expectedInput);
    expect(await cardNumber(page, "Output tokens")).toBe(truth.completions.totals.output_tokens);
    expect(await cardNumber(page, "Requests")).toBe(
      truth.completions.totals.num_model_requests + truth.embeddings.totals.num_model_requests,
    );
    await page.screenshot({ path: `${SHOTS}/analytics-desktop.png`, fullPage: true });
  });

  it("filters by model: the URL and the totals change, and a reload keeps the view", async () => {
    const before = await cardNumber(page, "Input tokens");
    const toggle = page.getByRole("button", { name: /more filters/i });
    if (await toggle.isVisible()) await toggle.click();
    const select = page.getByLabel("Model", { exact: true });
    const model = await select.locator("option").nth(1).getAttribute("value");
    await select.selectOption(model!);
    await page.waitForURL((u) => u.searchParams.get("model") === model);
    await expect.poll(() => cardNumber(page, "Input tokens")).not.toBe(before);

    const { start, end } = pageRange(page);
    const byModel = (await (
      await fetch(`${env().emulatorOrigin}/__emulator/totals?start=${start}&end=${end}&by=model`)
    ).json()) as {
      completions: { groups: { model: string; input_tokens: number }[] };
      embeddings: { groups: { model: string; input_tokens: number }[] };
    };
    const expected = [...byModel.completions.groups, ...byModel.embeddings.groups]
      .filter((g) => g.model === model)
      .reduce((s, g) => s + g.input_tokens, 0);
    expect(await cardNumber(page, "Input tokens")).toBe(expected);
    await page.reload();
    expect(await cardNumber(page, "Input tokens")).toBe(expected);
  });

  it("exports exactly the filtered view as CSV", async () => {
    const filtered = await cardNumber(page, "Input tokens");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    const rows = parse(readFileSync((await download.path())!, "utf8"), { columns: true }) as Record<string, string>[];
    const model = new URL(page.url()).searchParams.get("model");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.model === model)).toBe(true);
    expect(rows.reduce((s, r) => s + Number(r.input_tokens), 0)).toBe(filtered);
  });

  it("looks right on a narrow screen", async () => {
    const narrow = await context.newPage();
    await narrow.setViewportSize({ width: 375, height: 812 });
    await narrow.goto(`${env().appUrl}/analytics`);
    await narrow.locator(".stat").first().waitFor();
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await narrow.screenshot({ path: `${SHOTS}/analytics-narrow.png`, fullPage: true });
    await narrow.goto(`${env().appUrl}/dashboard`);
    await narrow.waitForURL(/\/keys$/);
    await narrow.getByTestId("masked-key").first().waitFor();
    const keysOverflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(keysOverflow).toBeLessThanOrEqual(1);
    await narrow.screenshot({ path: `${SHOTS}/dashboard-narrow.png`, fullPage: true });
    await narrow.close();
  });

  it("edits the key's label, deletes it keeping the history, then deletes the account by typing its label", async () => {
    await page.goto(`${env().appUrl}/keys`);
    const keysLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Keys" });
    expect(await keysLink.getAttribute("aria-current")).toBe("page");
    await page.getByTestId("masked-key").first().waitFor();
    await page.screenshot({ path: `${SHOTS}/dashboard-desktop.png`, fullPage: true });
    await page.getByRole("button", { name: /^Edit/ }).first().click();
    await page.getByLabel("Label").first().fill("Renamed org");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("listitem", { name: "Renamed org" }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByRole("listitem", { name: "Renamed org" }).count()).toBe(1);

    await page
      .getByRole("listitem", { name: "Renamed org" })
      .getByRole("button", { name: /^Delete/ })
      .click();
    expect(await page.getByText("Its usage history stays with the account.").count()).toBe(1);
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await expect.poll(() => page.getByRole("listitem", { name: "Renamed org" }).count()).toBe(0);
    await page.reload();
    expect(await page.getByTestId("masked-key").count()).toBe(0);
    // The account and its usage stay until the account itself is deleted.
    const account = page.getByRole("listitem", { name: "Account Production org" });
    expect(await account.getByTestId("account-key-count").innerText()).toMatch(/history kept/);
    const totals = await page.request.get(`${env().appUrl}/api/usage?view=totals`);
    const kept = (await totals.json()) as { totals: { current: { inputTokens: number } } };
    expect(kept.totals.current.inputTokens).toBeGreaterThan(0);

    await account.getByRole("button", { name: /^Delete account/ }).click();
    const confirm = account.getByRole("button", { name: "Delete account and history" });
    expect(await confirm.isDisabled()).toBe(true);
    await account.getByLabel(/to confirm/).fill("Production org");
    await confirm.click();
    await expect.poll(() => page.getByRole("listitem", { name: "Account Production org" }).count()).toBe(0);
    const after = await page.request.get(`${env().appUrl}/api/usage?view=totals`);
    expect(((await after.json()) as typeof kept).totals.current.inputTokens).toBe(0);
  });

  it("signs out, and the pages then ask to sign in", async () => {
    await page.locator("summary", { hasText: "Account" }).click();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${env().appUrl}/analytics`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.goto(`${env().appUrl}/keys`);
    await page.waitForURL(/\/sign-in/);
  });
});

describe("a second person", () => {
  it("sees none of another user's keys or usage", async () => {
    const owner = await browser.newContext();
    const ownerPage = await signUp(owner, `owner-${Date.now()}@example.com`);
    const { admin } = env();
    await ownerPage.getByLabel("Label").fill("Owner key");
    await ownerPage.getByLabel("OpenAI API key").fill(admin.apiKey);
    await ownerPage.getByLabel("Organization ID").fill(admin.organizationId);
    await ownerPage.getByLabel("Project ID").fill(admin.projectId);
    await ownerPage.getByRole("button", { name: "Add key" }).click();
    await ownerPage.getByTestId("masked-key").first().waitFor();
    const ingest = await ownerPage.request.post(`${env().appUrl}/api/usage`, { data: {} });
    expect(ingest.status()).toBe(200);

    const other = await browser.newContext();
    const page = await signUp(other, `other-${Date.now()}@example.com`);
    expect(await page.getByTestId("masked-key").count()).toBe(0);
    expect(await page.content()).not.toContain("Owner key");
    await page.goto(`${env().appUrl}/analytics`);
    await page
      .getByRole("heading", { name: /add a provider key|no keys/i })
      .first()
      .waitFor();
    const totals = await page.request.get(`${env().appUrl}/api/usage?view=totals`);
    const body = (await totals.json()) as { totals: { current: { inputTokens: number } } };
    expect(body.totals.current.inputTokens).toBe(0);
    const csv = await page.request.get(`${env().appUrl}/api/usage/export`);
    expect((await csv.text()).trim().split(/\r?\n/)).toHaveLength(1);
    await owner.close();
    await other.close();
  });
});

describe("organizations in the header", () => {
  it("creates a team organization, lands on its empty Keys page, and switches back", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const email = `switcher-${Date.now()}@example.com`;
    const page = await signUp(context, email);
    const switcher = page.getByLabel("Organization", { exact: true });
    expect(await switcher.locator("option:checked").innerText()).toContain(`${email} (personal)`);

    await page.getByText("New organization").click();
    await page.getByLabel("Organization name").fill("Platform team");
    await page.getByRole("button", { name: "Create and switch" }).click();
    await page.waitForURL(/\/keys\?created=1/);
    await expect.poll(() => switcher.locator("option:checked").innerText()).toContain("Platform team");
    expect(await page.getByRole("heading", { name: "No keys yet" }).count()).toBe(0); // the add form is open instead
    expect(await page.getByText("Organization created.").count()).toBe(1);

    const personal = await switcher.locator("option", { hasText: "(personal)" }).getAttribute("value");
    await switcher.selectOption(personal!);
    await expect.poll(() => page.locator("main").innerText()).toContain(email);
    await page.reload();
    expect(await switcher.locator("option:checked").innerText()).toContain("(personal)");

    await page.goto(`${env().appUrl}/settings/members`);
    const row = page.getByRole("row", { name: new RegExp(email) });
    expect(await row.getByRole("combobox").inputValue()).toBe("owner");
    await context.close();
  });
});
