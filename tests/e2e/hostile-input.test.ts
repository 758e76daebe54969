/**
 * The exact requests from issue 8 that froze the server or answered 500 / a cut stream: each is now
 * a 4xx with a sentence a person can act on, and the server still answers afterwards. Every
 * request carries a timeout, so a regression (a spinning range loop) fails here instead of hanging.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { adminKeyBody, anonymous, anthropicKeyBody, ApiUser, type ApiResponse } from "./api-client";

const TIMEOUT_MS = 15_000;
type ErrorBody = { error: { code: string; message: string } };

let user: ApiUser;
let keyId: string;

const call = (method: string, path: string, body?: unknown) =>
  user.call<ErrorBody>(method, path, body, undefined, { signal: AbortSignal.timeout(TIMEOUT_MS) });

function expectRefused(res: ApiResponse<ErrorBody>, message: RegExp) {
  expect(res.status, res.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(res.body.error.message).toMatch(message);
}

beforeAll(async () => {
  user = await ApiUser.signUp("hostile");
  const created = await user.call<{ key: { id: string } }>("POST", "/api/keys", adminKeyBody("Hostile target"));
  expect(created.status).toBe(201);
  keyId = created.body.key.id;
});

describe("hostile input over HTTP", () => {
  it.each([
    ["/api/usage?start=9999-12-01&end=9999-12-31", /^Invalid query: start must be a date between 2000-01-01 and /],
    ["/api/usage?start=0000-01-01&end=0000-01-31", /start must be a date between 2000-01-01 and /],
    ["/api/usage?end=9999-12-31", /must be a date between 2000-01-01 and /],
    ["/api/usage?view=timeseries&granularity=month&start=0000-01-01&end=9999-12-31", /start must be a date between/],
    ["/api/usage/export?start=9999-12-01&end=9999-12-31", /start must be a date between 2000-01-01 and /],
    ["/api/usage/export?start=0000-01-01&end=0000-01-31", /start must be a date between 2000-01-01 and /],
    ["/api/usage?model=%00", /^Invalid query: model must not contain control characters/],
    ["/api/usage/export?model=%00", /^Invalid query: model must not contain control characters/],
    ["/api/usage/export?projectId=a%0D%0Ab", /projectId must not contain control characters/],
  ])("GET %s is a 4xx with a readable message, not a hang, a 500 or a cut stream", async (path, message) => {
    expectRefused(await call("GET", path), message);
  });

  it.each([
    [{ start: "0000-01-01" }, /start must be a date between 2000-01-01 and /],
    [{ start: "2026-01-01", end: "9999-12-31" }, /end must be a date between 2000-01-01 and /],
  ])("POST /api/usage %j is a 400", async (body, message) => {
    expectRefused(await call("POST", "/api/usage", body), message);
  });

  it.each(["label", "organizationId", "projectId", "apiKey"])(
    "a NUL byte in %s is a 400 on create (POST) and on edit (PATCH), and changes nothing",
    async (field) => {
      const base = adminKeyBody("NUL probe") as Record<string, unknown>;
      const value = `${String(base[field])}\u0000tail`;
      const message = new RegExp(`^Invalid body: ${field} must not contain control characters`);
      expectRefused(await call("POST", "/api/keys", { ...base, [field]: value }), message);
      expectRefused(await call("PATCH", `/api/keys/${keyId}`, { [field]: value }), message);
      const after = await call("GET", `/api/keys/${keyId}`);
      expect(after.body).toMatchObject({ key: { label: "Hostile target", lastSyncStatus: "never" } });
    },
  );

  it("an API key with CRLF in it is refused on create and on edit", async () => {
    const base = adminKeyBody("CRLF probe") as Record<string, string>;
    for (const apiKey of [`${base.apiKey}\r\n`, `${base.apiKey}\r\nX-Injected: 1`]) {
      const message = /^Invalid body: apiKey must not contain control characters/;
      expectRefused(await call("POST", "/api/keys", { ...base, apiKey }), message);
      expectRefused(await call("PATCH", `/api/keys/${keyId}`, { apiKey }), message);
    }
    const keys = await call("GET", "/api/keys");
    expect((keys.body as unknown as { keys: { label: string }[] }).keys.map((k) => k.label)).toEqual([
      "Hostile target",
    ]);
  });

  it("an Anthropic key with NUL, CRLF or a header injection is refused on create and on edit, nothing stored", async () => {
    const created = await call("POST", "/api/keys", anthropicKeyBody("Claude target"));
    expect(created.status).toBe(201);
    const anthropicId = (created.body as unknown as { key: { id: string } }).key.id;
    const base = anthropicKeyBody("Claude probe");
    for (const apiKey of [`${base.apiKey}\u0000tail`, `${base.apiKey}\r\n`, `${base.apiKey}\r\nX-Injected: 1`]) {
      const message = /^Invalid body: apiKey must not contain control characters/;
      expectRefused(await call("POST", "/api/keys", { ...base, apiKey }), message);
      expectRefused(await call("PATCH", `/api/keys/${anthropicId}`, { apiKey }), message);
    }
    const keys = await call("GET", "/api/keys");
    expect((keys.body as unknown as { keys: { label: string }[] }).keys.map((k) => k.label).sort()).toEqual([
      "Claude target",
      "Hostile target",
    ]);
    expect((await call("DELETE", `/api/keys/${anthropicId}`)).status).toBe(200);
  });

  it("a lone surrogate (only a JSON escape can carry one) is a 400, not a silently mangled label", async () => {
    const raw = JSON.stringify(adminKeyBody("placeholder")).replace('"placeholder"', '"bad \\ud800 label"');
    const res = await user.call<ErrorBody>("POST", "/api/keys", undefined, raw, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    expectRefused(res, /^Invalid body: label must be valid Unicode text/);
  });

  it("the analytics page renders a hostile link with the defaults and says what it left out", async () => {
    const page = await call("GET", "/analytics?start=9999-12-01&end=9999-12-31&model=%00&granularity=%0D%0A");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.text).toContain("Parts of this link could not be used and were left out");
    expect(page.text).toMatch(/start must be a date between 2000-01-01 and \d{4}-\d{2}-\d{2}/);
    expect(page.text).toContain("model must not contain control characters");
  });

  it("the server still answers afterwards: health is 200 and a sane usage query works", async () => {
    const health = await anonymous().call("GET", "/api/health", undefined, undefined, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    expect(health.status).toBe(200);
    const totals = await call("GET", "/api/usage?view=totals");
    expect(totals.status).toBe(200);
    expect(totals.body).toMatchObject({ view: "totals" });
  });
});
