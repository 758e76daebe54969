/**
 * Teams in a real browser: an owner invites a viewer, who accepts in a second browser context
 * (signed out at first: sign-up brings them back to the invitation), sees the same analytics totals,
 * no Add key button, and a 403 from the API when adding a key anyway. Then API tokens: field errors,
 * the secret shown once, revoke after confirming.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "./api-client";
import { CHROMIUM_ARGS, findChromium } from "./chromium";

const PASSWORD = "correct horse battery";
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
});
afterAll(async () => browser?.close());

/** The number in a headline card, e.g. "Input tokens 1,234,567 tokens" -> 1234567. */
async function cardNumber(page: Page, label: string): Promise<number> {
  const card = page.locator(".stat", { has: page.locator(".stat-label", { hasText: new RegExp(`^${label}$`) }) });
  return Number((await card.locator(".stat-value").innerText()).replace(/[^\d]/g, ""));
}

async function fillCredentials(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

async function signUpOwnerWithUsage(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${env().appUrl}/sign-up`);
  await fillCredentials(page, email);
  await page.waitForURL(/\/keys/);
  const { admin } = env();
  await page.getByLabel("Label").fill("Team org key");
  await page.getByLabel("OpenAI API key").fill(admin.apiKey);
  await page.getByLabel("Organization ID").fill(admin.organizationId);
  await page.getByLabel("Project ID").fill(admin.projectId);
  await page.getByRole("button", { name: "Add key" }).click();
  await page.getByTestId("masked-key").first().waitFor();
  const ingest = await page.request.post(`${env().appUrl}/api/usage`, { data: {} });
  expect(ingest.status()).toBe(200);
  return page;
}

describe("an owner invites a viewer", () => {
  let ownerContext: BrowserContext;
  let viewerContext: BrowserContext;
  let owner: Page;
  let link: string;
  const stamp = Date.now();
  const viewerEmail = `viewer-${stamp}@example.com`;

  beforeAll(async () => {
    ownerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    viewerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    owner = await signUpOwnerWithUsage(ownerContext, `owner-${stamp}@example.com`);
  });
  afterAll(async () => {
    await ownerContext?.close();
    await viewerContext?.close();
  });

  it("invites from the members page: a plain-words field error, then the link shown once", async () => {
    await owner.getByRole("link", { name: "Members" }).click();
    await owner.waitForURL(/\/settings\/members/);
    await owner.getByRole("button", { name: "Invite" }).click();
    await expect.poll(() => owner.getByText("Enter an email address.").count()).toBe(1);
    expect(await owner.getByLabel("Email address").getAttribute("aria-invalid")).toBe("true");

    await owner.getByLabel("Email address").fill(viewerEmail);
    await owner.getByRole("region", { name: "Invitations" }).getByLabel("Role").selectOption("viewer");
    await owner.getByRole("button", { name: "Invite" }).click();
    const secret = owner.getByTestId("secret-value");
    await secret.waitFor();
    link = await secret.inputValue();
    expect(link).toMatch(new RegExp(`^${env().appUrl}/invite/[A-Za-z0-9_-]{43}$`));
    await expect
      .poll(() => owner.getByRole("table", { name: "Pending invitations" }).innerText())
      .toContain(viewerEmail);
    await owner.reload();
    expect(await owner.content()).not.toContain(link.split("/").pop()!);
    expect(await owner.getByRole("table", { name: "Pending invitations" }).innerText()).toContain(viewerEmail);
  });

  it("the viewer opens the link signed out, signs up, comes back and joins", async () => {
    const page = await viewerContext.newPage();
    await page.goto(link);
    await page.getByRole("heading", { name: /^Join / }).waitFor();
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL(/\/sign-up\?next=/);
    await fillCredentials(page, viewerEmail);
    await page.waitForURL(/\/invite\//);
    await page.getByRole("button", { name: /^Join / }).click();
    await page.waitForURL(/\/analytics/);
    await page.locator(".stat").first().waitFor({ timeout: 30_000 });

    await owner.goto(`${env().appUrl}/analytics`);
    await owner.locator(".stat").first().waitFor({ timeout: 30_000 });
    const ownerInput = await cardNumber(owner, "Input tokens");
    expect(ownerInput).toBeGreaterThan(0);
    expect(await cardNumber(page, "Input tokens")).toBe(ownerInput);
    expect(await cardNumber(page, "Requests")).toBe(await cardNumber(owner, "Requests"));

    // The link is used up.
    const again = await viewerContext.newPage();
    await again.goto(link);
    await again.getByRole("heading", { name: "Invitation not valid" }).waitFor();
    await again.close();
    await page.close();
  });

  it("the viewer sees the keys but no Add key button, and the API refuses the write with a 403", async () => {
    const page = await viewerContext.newPage();
    await page.goto(`${env().appUrl}/keys`);
    await page.getByTestId("masked-key").first().waitFor();
    expect(await page.getByRole("listitem", { name: "Team org key", exact: true }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Add key" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Delete/ }).count()).toBe(0);
    const { admin } = env();
    const res = await page.request.post(`${env().appUrl}/api/keys`, {
      data: { provider: "openai", label: "Sneaky", usageMode: "admin", ...admin },
    });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      "This needs the admin role; you are a viewer.",
    );
    await owner.goto(`${env().appUrl}/settings/members`);
    const members = await owner.getByRole("table", { name: "Members" }).innerText();
    expect(members).toContain(viewerEmail);
    expect(await owner.getByRole("table", { name: "Pending invitations" }).count()).toBe(0);
    await page.close();
  });
});

describe("API tokens page", () => {
  it("shows field errors, the secret once with a copy button, and revokes after confirming", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signUpOwnerWithUsage(context, `tokens-${Date.now()}@example.com`);
    await page.getByRole("link", { name: "API tokens" }).click();
    await page.waitForURL(/\/settings\/tokens/);
    await page.getByRole("button", { name: "Create token" }).click();
    await expect.poll(() => page.getByText("Enter a name, so you know later what uses this token.").count()).toBe(1);
    expect(await page.getByText("Choose at least one scope.").count()).toBe(1);

    await page.getByLabel("Name", { exact: true }).fill("Finance script");
    await page.getByLabel(/^Read usage/).check();
    await page.getByRole("button", { name: "Create token" }).click();
    const secretField = page.getByTestId("secret-value");
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
    expect(await page.getByRole("button", { name: "Copy" }).count()).toBe(1);
    expect(await page.getByText(/only time it is shown/).count()).toBe(1);

    const res = await fetch(`${env().appUrl}/api/usage?view=totals`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);
    await page.reload();
    expect(await page.content()).not.toContain(secret.slice(3));
    const row = page.getByRole("row", { name: /Finance script/ });
    expect(await row.getByTestId("token-last4").innerText()).toBe(`ct_…${secret.slice(-4)}`);
    expect(await row.innerText()).toContain(" UTC"); // last used is stamped (expiry: Never)

    await row.getByRole("button", { name: /^Revoke/ }).click();
    await page.getByRole("button", { name: "Yes, revoke" }).click();
    await expect.poll(() => page.getByRole("row", { name: /Finance script/ }).count()).toBe(0);
    const after = await fetch(`${env().appUrl}/api/usage?view=totals`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(after.status).toBe(401);
    await context.close();
  });
});
