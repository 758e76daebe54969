/**
 * Both providers side by side, in Chromium against the built app and the emulator: an account with
 * an OpenAI admin key adds an Anthropic Admin key in the form (a regular key is refused next to the
 * field), refreshes, and reads on /analytics totals that equal the API's and the providers' own
 * numbers; the provider filter splits them and the breakdown by provider adds up to the total.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminKeyBody, env } from "./api-client";
import { CHROMIUM_ARGS, findChromium } from "./chromium";
import { callJson, signUpSession, type Session } from "./session";

const PROVIDERS = ["openai", "anthropic"] as const;
type Provider = (typeof PROVIDERS)[number];
type Sums = { inputTokens: number; outputTokens: number };

let browser: Browser;
let context: BrowserContext;
let page: Page;
let session: Session;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
  session = await signUpSession(env().appUrl, "two-providers");
  const openai = await callJson(env().appUrl, "POST", "/api/keys", session.cookie, adminKeyBody("OpenAI org"));
  expect(openai.status).toBe(201);
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const [name, value] = session.cookie.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url: env().appUrl }]);
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** The number in a headline card, e.g. "Input tokens 1,234,567 tokens" -> 1234567. */
async function cardNumber(label: string): Promise<number> {
  const card = page.locator(".stat", { has: page.locator(".stat-label", { hasText: new RegExp(`^${label}$`) }) });
  return Number((await card.locator(".stat-value").innerText()).replace(/[^\d]/g, ""));
}

const digits = (text: string) => Number(text.replace(/[^\d]/g, ""));

function pageRange() {
  const url = new URL(page.url());
  const today = new Date().toISOString().slice(0, 10);
  const start =
    url.searchParams.get("start") ?? new Date(Date.parse(today) - 29 * 86_400_000).toISOString().slice(0, 10);
  return { start, end: url.searchParams.get("end") ?? today };
}

async function apiTotals(provider?: Provider): Promise<Sums> {
  const { start, end } = pageRange();
  const res = await callJson<{ totals: { current: Sums } }>(
    env().appUrl,
    "GET",
    `/api/usage?view=totals&start=${start}&end=${end}${provider ? `&provider=${provider}` : ""}`,
    session.cookie,
  );
  expect(res.status).toBe(200);
  return res.body.totals.current;
}

async function chooseProvider(provider: Provider | "") {
  const select = page.getByLabel("Provider", { exact: true });
  if (!(await select.isVisible())) await page.getByRole("button", { name: /more filters/i }).click();
  await select.selectOption(provider);
  await page.waitForURL((u) => (u.searchParams.get("provider") ?? "") === provider);
}

describe("a team using OpenAI and Anthropic", () => {
  it("adds the Anthropic Admin key in the form: a regular key is refused next to the key field", async () => {
    await page.goto(`${env().appUrl}/keys`);
    await page.getByRole("button", { name: "Add key" }).click();
    await page.getByLabel("Provider", { exact: true }).selectOption("anthropic");
    await page.getByLabel("Label").fill("Claude org");
    const keyField = page.getByLabel("Anthropic Admin key");
    await keyField.fill(env().anthropic.standardKey);
    await page.getByRole("button", { name: "Add key" }).click();
    const error = page.locator("#new-key-apiKey-error");
    await error.waitFor();
    expect(await error.innerText()).toMatch(/^The key must be an Anthropic Admin key \(it starts with sk-ant-admin\)/);
    expect(await keyField.getAttribute("aria-describedby")).toContain("new-key-apiKey-error");
    expect(await keyField.getAttribute("aria-invalid")).toBe("true");

    await keyField.fill(env().anthropic.adminKey);
    await page.getByRole("button", { name: "Add key" }).click();
    await expect
      .poll(() => page.getByTestId("masked-key").allInnerTexts())
      .toContainEqual(expect.stringMatching(/^sk-ant-admin\d*-\.\.\./));
    expect(await page.content()).not.toContain(env().anthropic.adminKey);
  });

  it("refreshes and sees both providers: the totals equal the API's and the providers' own sums", async () => {
    await page.goto(`${env().appUrl}/analytics`);
    await page
      .getByRole("button", { name: /refresh/i })
      .first()
      .click();
    await expect.poll(() => page.getByRole("status").innerText(), { timeout: 90_000 }).toMatch(/Synced/i);
    await page.locator(".stat").first().waitFor({ timeout: 30_000 });

    const api = await apiTotals();
    expect(await cardNumber("Input tokens")).toBe(api.inputTokens);
    expect(await cardNumber("Output tokens")).toBe(api.outputTokens);

    const { start, end } = pageRange();
    const openai = (await (
      await fetch(`${env().emulatorOrigin}/__emulator/totals?start=${start}&end=${end}`)
    ).json()) as {
      completions: { totals: { input_tokens: number } };
      embeddings: { totals: { input_tokens: number } };
    };
    const anthropic = (await (
      await fetch(`${env().emulatorOrigin}/__emulator/anthropic/totals?start=${start}&end=${end}`)
    ).json()) as { usage: { totals: { input_tokens: number } } };
    expect(anthropic.usage.totals.input_tokens).toBeGreaterThan(0);
    expect(api.inputTokens).toBe(
      openai.completions.totals.input_tokens +
        openai.embeddings.totals.input_tokens +
        anthropic.usage.totals.input_tokens,
    );
  });

  it("the provider filter changes the totals: each provider is below all, and the two add up to all", async () => {
    const all: Sums = {
      inputTokens: await cardNumber("Input tokens"),
      outputTokens: await cardNumber("Output tokens"),
    };
    const shown = {} as Record<Provider, Sums>;
    for (const provider of PROVIDERS) {
      await chooseProvider(provider);
      const api = await apiTotals(provider);
      await expect.poll(() => cardNumber("Input tokens")).toBe(api.inputTokens);
      shown[provider] = {
        inputTokens: await cardNumber("Input tokens"),
        outputTokens: await cardNumber("Output tokens"),
      };
      expect(shown[provider].outputTokens).toBe(api.outputTokens);
      expect(shown[provider].inputTokens).toBeGreaterThan(0);
      expect(shown[provider].inputTokens).toBeLessThan(all.inputTokens);
    }
    expect(shown.openai.inputTokens + shown.anthropic.inputTokens).toBe(all.inputTokens);
    expect(shown.openai.outputTokens + shown.anthropic.outputTokens).toBe(all.outputTokens);
    await chooseProvider("");
    await expect.poll(() => cardNumber("Input tokens")).toBe(all.inputTokens);
  });

  it("the breakdown by provider shows both, each as the API counts it, adding up to the total shown", async () => {
    await page
      .getByRole("radiogroup", { name: "Break down by" })
      .getByRole("radio", { name: "Provider", exact: true })
      .click();
    await page.waitForURL((u) => u.searchParams.get("dim") === "provider");
    await page.getByRole("heading", { name: "Breakdown by provider" }).waitFor();
    // The breakdown card's own table (the spend table and top movers share its styling).
    const table = page.locator("section[aria-labelledby='breakdown-heading'] table.breakdown-table");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);
    const rows = await table.locator("tbody tr").evaluateAll((trs) =>
      trs.map((tr) => ({
        label: tr.querySelector("th")?.textContent?.replace(/:.*$/, "").trim() ?? "",
        input: tr.querySelectorAll("td")[0]?.textContent ?? "",
        output: tr.querySelectorAll("td")[2]?.textContent ?? "",
      })),
    );
    expect(rows.map((r) => r.label).sort()).toEqual(["Anthropic", "OpenAI"]);
    const footer = table.locator("tfoot td");
    const totalInput = digits(await footer.nth(0).innerText());
    const totalOutput = digits(await footer.nth(2).innerText());
    expect(totalInput).toBe(await cardNumber("Input tokens"));
    expect(rows.reduce((s, r) => s + digits(r.input), 0)).toBe(totalInput);
    expect(rows.reduce((s, r) => s + digits(r.output), 0)).toBe(totalOutput);
    for (const [label, provider] of [
      ["OpenAI", "openai"],
      ["Anthropic", "anthropic"],
    ] as const) {
      const row = rows.find((r) => r.label === label)!;
      expect(digits(row.input)).toBe((await apiTotals(provider)).inputTokens);
    }
  });
});
