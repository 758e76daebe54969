/**
 * Every page, signed out and signed in, in each state a person meets it (empty, with data, forms
 * and confirmations open, an error shown, a narrow screen), passes axe-core's WCAG 2.1 A and AA
 * rules with zero violations in Debian's Chromium. axe is injected with page.evaluate in a
 * context that bypasses the CSP, so a strict Content-Security-Policy does not block it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "@/lib/notifications/signing";
import { startWebhookReceiver } from "../integration/notifications/receivers";
import { adminKeyBody, env } from "./api-client";
import { CHROMIUM_ARGS, findChromium } from "./chromium";
import { callJson, signUpSession, TEST_PASSWORD, type Session } from "./session";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// Best-practice rules on top of the WCAG tags: every page has one main landmark and one h1, all
// content sits in a landmark, and headings do not skip levels.
const EXTRA_RULES = [
  "landmark-one-main",
  "landmark-no-duplicate-main",
  "landmark-unique",
  "page-has-heading-one",
  "region",
  "heading-order",
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS });
});
afterAll(async () => browser?.close());

async function violations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ tags, extra }) => {
      const axe = (
        window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: "tag", values: tags },
        rules: Object.fromEntries(extra.map((id) => [id, { enabled: true }])),
        resultTypes: ["violations"],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      }));
    },
    { tags: WCAG_TAGS, extra: EXTRA_RULES },
  );
}

function describeViolations(list: AxeViolation[]): string {
  return list
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ")}`)
          .join("\n"),
    )
    .join("\n");
}

async function expectAccessible(page: Page, state: string) {
  // Charts and client components settle after hydration; axe must see the final page.
  await page.waitForLoadState("networkidle");
  const found = await violations(page);
  expect(found.length, `${state}:\n${describeViolations(found)}`).toBe(0);
}

async function newContext(session?: Session, width = 1280): Promise<BrowserContext> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
  if (session) {
    const [name, value] = session.cookie.split(/=(.*)/s) as [string, string];
    await context.addCookies([{ name, value, url: env().appUrl }]);
  }
  return context;
}

describe("signed out, every page has no WCAG 2.1 AA violation", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext();
  });
  afterAll(async () => context?.close());

  it.each([
    ["the landing page", "/"],
    ["sign-in", "/sign-in"],
    ["sign-in on the way to a page", "/sign-in?next=%2Fanalytics"],
    ["sign-up", "/sign-up"],
    ["a page that does not exist", "/no-such-page"],
  ])("%s", async (state, path) => {
    const page = await context.newPage();
    const res = await page.goto(`${env().appUrl}${path}`);
    expect(res?.status()).toBe(path === "/no-such-page" ? 404 : 200);
    await expectAccessible(page, state);
    await page.close();
  });

  it("an invitation link, valid and not valid, signed out", async () => {
    const inviter = await signUpSession(env().appUrl, "a11y-inviter");
    const email = `a11y-invited-${Date.now().toString(36)}@example.com`;
    const invited = await callJson<{ invitation: { url: string } }>(
      env().appUrl,
      "POST",
      "/api/invitations",
      inviter.cookie,
      { email, role: "viewer" },
    );
    expect(invited.status, invited.text).toBe(201);
    const page = await context.newPage();
    const res = await page.goto(`${env().appUrl}${new URL(invited.body.invitation.url).pathname}`);
    expect(res?.status()).toBe(200);
    await page.getByRole("heading", { level: 1, name: /^Join / }).waitFor();
    await expectAccessible(page, "invitation page, signed out");
    await page.goto(`${env().appUrl}/invite/not-a-real-invitation`);
    await page.getByRole("heading", { level: 1, name: "Invitation not valid" }).waitFor();
    await expectAccessible(page, "invitation page for a link that does not work");
    await page.close();
  });

  it("sign-in showing a wrong-password error", async () => {
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/sign-in`);
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Next keeps an empty role=alert route announcer on the page: wait for ours.
    await page.locator(".alert[role=alert]").waitFor();
    await expectAccessible(page, "sign-in with an error");
    await page.close();
  });
});

describe("signed in, every page and state has no WCAG 2.1 AA violation", () => {
  let session: Session;
  let context: BrowserContext;
  beforeAll(async () => {
    session = await signUpSession(env().appUrl, "a11y");
    context = await newContext(session);
  });
  afterAll(async () => context?.close());

  it("analytics and keys before any key exists (the add form open)", async () => {
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/analytics`);
    await expectAccessible(page, "analytics without keys");
    await page.goto(`${env().appUrl}/dashboard?welcome=1`);
    await page.getByRole("form", { name: "Add a provider key" }).waitFor();
    await expectAccessible(page, "keys page, add form open, welcome notice");
    await page.getByRole("radio", { name: /Standard/ }).click();
    await expectAccessible(page, "keys page, add form in standard mode");
    await page.getByRole("button", { name: "Add key" }).click();
    // The server's refusal is shown next to each field it names.
    await page.locator(".field-error").first().waitFor();
    await expectAccessible(page, "keys page, add form showing errors next to its fields");
    await page.close();
  });

  it("keys page with a key: the row, its edit form, the delete confirmation and a test result", async () => {
    const created = await callJson(env().appUrl, "POST", "/api/keys", session.cookie, adminKeyBody("A11y key"));
    expect(created.status).toBe(201);
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/dashboard`);
    await page.getByTestId("masked-key").first().waitFor();
    await expectAccessible(page, "keys page with a key");
    await page.getByRole("button", { name: /^Test key/ }).click();
    await page.locator(".key-test-result").filter({ hasText: /\S/ }).waitFor();
    await expectAccessible(page, "keys page with a key test result");
    await page.getByRole("button", { name: /^Edit/ }).click();
    await page.getByRole("button", { name: "Save changes" }).waitFor();
    await expectAccessible(page, "keys page, edit form open");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Delete A11y key" }).click();
    await page.getByRole("button", { name: "Yes, delete" }).waitFor();
    await expectAccessible(page, "keys page, delete confirmation open");
    await page.close();
  });

  it("members with the invite form, a new invitation's link and the pending list", async () => {
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/settings/members`);
    await page.getByRole("form", { name: "Invite someone" }).waitFor();
    await expectAccessible(page, "members page with the invite form");
    await page.getByLabel("Email address").fill(`a11y-member-${Date.now().toString(36)}@example.com`);
    await page.getByRole("form", { name: "Invite someone" }).getByRole("button").click();
    await page.locator("#invitation-link").waitFor();
    await expectAccessible(page, "members page with an invitation link and a pending invitation");
    await page.close();
  });

  it("notification channels: the add form, errors by their fields, a secret shown once, a test received, the log", async () => {
    const receiver = await startWebhookReceiver();
    const page = await context.newPage();
    try {
      await page.goto(`${env().appUrl}/settings/channels`);
      const form = page.getByRole("form", { name: "Add a channel" });
      await form.waitFor();
      await expectAccessible(page, "channels page without channels, the add form open");

      await form.getByRole("button", { name: "Add channel" }).click();
      await page.locator("#channel-name-error").waitFor();
      await expectAccessible(page, "channels add form showing field errors");

      await form.getByLabel("Name").fill("A11y hook");
      await form.getByLabel("Webhook URL").fill("https://10.0.0.1/hook");
      await form.getByRole("button", { name: "Add channel" }).click();
      await expect.poll(() => page.locator("#channel-url-error").textContent()).toContain("private network");
      await expectAccessible(page, "channels add form showing a refused address next to its field");

      await form.getByLabel("Webhook URL").fill(receiver.url("/a11y"));
      await form.getByRole("button", { name: "Add channel" }).click();
      const secretBox = page.locator("#channel-secret");
      await secretBox.waitFor();
      const secret = await secretBox.inputValue();
      expect(secret).toMatch(/^whsec_/);
      await expectAccessible(page, "channels page with a new webhook's signing secret shown once");

      await page.getByRole("button", { name: "Send test to A11y hook" }).click();
      await expect.poll(() => page.getByTestId("channel-test-result").textContent()).toContain("Delivered");
      expect(receiver.received).toHaveLength(1);
      const [request] = receiver.received;
      const headers = {
        timestamp: String(request!.headers["x-cognitrack-timestamp"]),
        signature: String(request!.headers["x-cognitrack-signature"]),
      };
      expect(verifyWebhookSignature(secret, headers, request!.body)).toBe(true);
      await page.getByText("Recent deliveries (1)").click();
      await expectAccessible(page, "channels page with a test result and the delivery log open");

      await page.getByRole("button", { name: "Delete A11y hook" }).click();
      await page.getByRole("group", { name: "Confirm delete" }).waitFor();
      await expectAccessible(page, "channels page with the delete confirmation open");

      await form.getByLabel("Type").selectOption("email");
      await form.getByLabel("Email address").waitFor();
      await expectAccessible(page, "channels add form for an email channel");
    } finally {
      await page.close();
      await receiver.close();
    }
  });

  it("API tokens: the create form, a new token shown once, the list", async () => {
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/settings/tokens`);
    await page.getByRole("form", { name: "Create an API token" }).waitFor();
    await expectAccessible(page, "tokens page with the create form");
    const created = await callJson(env().appUrl, "POST", "/api/tokens", session.cookie, {
      name: "A11y token",
      scopes: ["usage:read"],
    });
    expect(created.status, created.text).toBe(201);
    await page.reload();
    await page.getByText("A11y token").first().waitFor();
    await expectAccessible(page, "tokens page with a token listed");
    await page.close();
  });

  it("budgets: empty with the create form, field errors, a budget with its edit form and delete confirmation", async () => {
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/budgets`);
    await page.getByRole("form", { name: "Create a budget" }).waitFor();
    await expectAccessible(page, "budgets page, empty, with the create form");
    await page.getByRole("button", { name: "Create budget" }).click();
    await page.getByText("Enter a name").waitFor();
    await expectAccessible(page, "budgets page with field errors");
    const created = await callJson(env().appUrl, "POST", "/api/budgets", session.cookie, {
      name: "A11y budget",
      amountUsd: "100",
      thresholds: [{ percent: 80, basis: "forecast" }],
    });
    expect(created.status, created.text).toBe(201);
    await page.reload();
    await page.getByRole("heading", { name: "A11y budget" }).waitFor();
    await expectAccessible(page, "budgets page with a budget and its progress bars");
    await page.getByRole("button", { name: "Edit A11y budget" }).click();
    await page.getByRole("form", { name: "Edit budget A11y budget" }).waitFor();
    await expectAccessible(page, "budgets page with the edit form open");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Delete A11y budget" }).click();
    await page.getByRole("group", { name: "Confirm deleting A11y budget" }).waitFor();
    await expectAccessible(page, "budgets page with the delete confirmation");
    await page.close();
  });

  it("prices: the add form, its field errors, and a price listed", async () => {
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/settings/prices?model=ft%3Agpt-4o-mini%3Aa11y%3A%3Ax1`);
    await page.getByRole("form", { name: "Add a price" }).waitFor();
    await expectAccessible(page, "prices page with the add form, model filled from the link");
    await page.getByLabel("Model").fill("");
    await page.getByLabel("Input", { exact: true }).fill("-1");
    await page.getByRole("button", { name: "Add price" }).click();
    await page.locator("#price-model-error").waitFor();
    expect(await page.locator("#price-model-error").textContent()).toBe("Enter a model");
    expect(await page.locator("#price-inputPerMTok-error").textContent()).toBe("Enter a price of 0 or more");
    await expectAccessible(page, "prices page showing field errors");
    const created = await callJson(env().appUrl, "POST", "/api/prices/overrides", session.cookie, {
      provider: "openai",
      model: "ft:gpt-4o-mini:a11y::x1",
      effectiveFrom: "2025-01-01",
      inputPerMTok: "0.30",
      outputPerMTok: "1.20",
      note: "A11y price",
    });
    expect(created.status, created.text).toBe(201);
    await page.reload();
    await page.getByText("A11y price").waitFor();
    await expectAccessible(page, "prices page with a price listed");
    await page.close();
  });

  it("the audit log, with its filters", async () => {
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/settings/audit`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expectAccessible(page, "audit page");
    await page.goto(`${env().appUrl}/settings/audit?action=token.create`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expectAccessible(page, "audit page filtered");
    await page.close();
  });

  it("the organization switcher, with the new-organization form open", async () => {
    const team = await callJson(env().appUrl, "POST", "/api/orgs", session.cookie, { name: "A11y team" });
    expect(team.status, team.text).toBe(201);
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/analytics`);
    await page.getByLabel("Organization", { exact: true }).waitFor();
    await expectAccessible(page, "header with the organization switcher (two organizations)");
    await page.getByText("New organization").click();
    await page.getByLabel("Organization name").waitFor();
    await expectAccessible(page, "organization switcher, new-organization form open");
    await page.close();
  });

  it("analytics with data: the whole view, the refresh result, and a narrow screen with filters open", async () => {
    const ingest = await callJson(env().appUrl, "POST", "/api/usage", session.cookie, {});
    expect(ingest.status).toBe(200);
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/analytics`);
    await page.locator(".recharts-surface").first().waitFor();
    await expectAccessible(page, "analytics with data");
    await page.getByRole("button", { name: /^Refresh$/ }).click();
    await page.locator(".refresh-toast").waitFor({ timeout: 60_000 });
    await expectAccessible(page, "analytics with the refresh result shown");
    await page.goto(`${env().appUrl}/analytics?model=no-such-model`);
    await page.getByRole("heading", { level: 2 }).first().waitFor();
    await expectAccessible(page, "analytics where no usage matches the filters");
    await page.close();

    const narrowContext = await newContext(session, 375);
    const narrow = await narrowContext.newPage();
    await narrow.goto(`${env().appUrl}/analytics`);
    await narrow.locator(".stat").first().waitFor();
    const toggle = narrow.getByRole("button", { name: /more filters/i });
    if (await toggle.isVisible()) await toggle.click();
    await expectAccessible(narrow, "analytics on a narrow screen, filters open");
    await narrowContext.close();
  });
});

describe("reconciliation and the spend views have no WCAG 2.1 AA violation", () => {
  let session: Session;
  let context: BrowserContext;
  beforeAll(async () => {
    session = await signUpSession(env().appUrl, "a11y-money");
    context = await newContext(session);
  });
  afterAll(async () => context?.close());

  it("reconciliation without keys, with usage, with bad filters and with only today", async () => {
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/reconciliation`);
    await page.getByRole("heading", { name: "No provider keys yet" }).waitFor();
    await expectAccessible(page, "reconciliation without keys");

    const created = await callJson(env().appUrl, "POST", "/api/keys", session.cookie, adminKeyBody("A11y money key"));
    expect(created.status).toBe(201);
    expect((await callJson(env().appUrl, "POST", "/api/usage", session.cookie, {})).status).toBe(200);
    await page.goto(`${env().appUrl}/reconciliation`);
    await page.getByRole("heading", { name: "Every day and project" }).waitFor();
    await expectAccessible(page, "reconciliation with usage");

    await page.goto(`${env().appUrl}/reconciliation?threshold=lots&start=2026-02-30`);
    await page.locator("#recon-threshold-error").waitFor();
    expect(await page.locator("#recon-threshold").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "reconciliation with errors next to their fields");

    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`${env().appUrl}/reconciliation?start=${today}&end=${today}`);
    await page.getByRole("heading", { name: "No closed days in this range" }).waitFor();
    await expectAccessible(page, "reconciliation of today only");
    await page.close();
  });

  it("analytics spend stacked by project and by model, tokens shown", async () => {
    const page = await context.newPage();
    await page.goto(`${env().appUrl}/analytics?stack=project`);
    await page.locator("[data-testid=spend-chart] .recharts-surface").waitFor();
    await expectAccessible(page, "analytics spend stacked by project");
    await page.goto(`${env().appUrl}/analytics?stack=model`);
    await page.locator("[data-testid=spend-chart][data-stack=model] .recharts-surface").waitFor();
    await page.getByRole("radiogroup", { name: "Chart shows" }).getByRole("radio", { name: "Tokens" }).click();
    await page.locator("[data-testid=spend-chart][data-measure=tokens]").waitFor();
    await expectAccessible(page, "analytics tokens stacked by model, with top movers");
    await page.close();
  });
});
