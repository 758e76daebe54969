import { describe, expect, it } from "vitest";
import { adminKeyBody, anonymous, anthropicKeyBody, ApiUser, env } from "./api-client";

describe("API auth", () => {
  it.each([
    ["GET", "/api/keys"],
    ["POST", "/api/keys"],
    ["GET", "/api/keys/00000000-0000-4000-8000-000000000000"],
    ["PATCH", "/api/keys/00000000-0000-4000-8000-000000000000"],
    ["DELETE", "/api/keys/00000000-0000-4000-8000-000000000000"],
    ["POST", "/api/usage"],
    ["GET", "/api/orgs"],
    ["POST", "/api/orgs"],
    ["PUT", "/api/orgs/current"],
    ["GET", "/api/members"],
    ["PATCH", "/api/members/00000000-0000-4000-8000-000000000000"],
    ["DELETE", "/api/members/00000000-0000-4000-8000-000000000000"],
    ["GET", "/api/accounts"],
    ["DELETE", "/api/accounts/00000000-0000-4000-8000-000000000000"],
  ])("%s %s without a session is a 401 JSON error", async (method, path) => {
    const res = await anonymous().call(method, path, method === "GET" || method === "DELETE" ? undefined : {});
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });

  it("health, sign-up and cron need no session", async () => {
    const health = await anonymous().call("GET", "/api/health");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ databaseDriver: "pglite", authMode: "local", migrations: { current: true } });

    const newcomer = anonymous();
    const email = `no-session-${Date.now()}@example.com`;
    const signUp = await newcomer.call("POST", "/api/auth/sign-up", { email, password: "correct horse battery" });
    expect(signUp.status).toBe(201);
    expect(signUp.body).toMatchObject({ user: { email } });
    expect(signUp.headers.get("set-cookie")).toMatch(/^ct_session=/);

    // No cookie at all: the bearer secret alone lets the cron run.
    const cron = await fetch(`${env().appUrl}/api/cron/daily-usage`, {
      headers: { authorization: `Bearer ${env().cronSecret}` },
    });
    expect(cron.status).toBe(200);
    expect(await cron.json()).toMatchObject({ organizations: { total: expect.any(Number) } });
  });

  it("sign-in rejects a wrong password in plain words and sign-out ends the session", async () => {
    const user = await ApiUser.signUp("signin");
    const wrong = await anonymous().call("POST", "/api/auth/sign-in", {
      email: user.email,
      password: "not the password",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { message: "Email or password is incorrect." } });
    expect((await user.call("GET", "/api/keys")).status).toBe(200);
    await user.call("POST", "/api/auth/sign-out");
    expect((await user.call("GET", "/api/keys")).status).toBe(401);
    const again = new ApiUser(user.email);
    expect(
      (await again.call("POST", "/api/auth/sign-in", { email: user.email, password: "correct horse battery" })).status,
    ).toBe(200);
    expect((await again.call("GET", "/api/keys")).status).toBe(200);
  });
});

describe("provider keys over HTTP", () => {
  it("creates, reads, edits and deletes keys in both modes without ever returning the secret", async () => {
    const user = await ApiUser.signUp("keys");
    const admin = await user.call<{ key: { id: string; maskedKey: string } }>("POST", "/api/keys", adminKeyBody());
    expect(admin.status).toBe(201);
    const standard = await user.call<{ key: { id: string } }>("POST", "/api/keys", {
      provider: "openai",
      label: "Project key",
      usageMode: "standard",
      apiKey: env().standardKey,
    });
    expect(standard.status).toBe(201);
    const list = await user.call("GET", "/api/keys");
    const patched = await user.call("PATCH", `/api/keys/${admin.body.key.id}`, { label: "Renamed" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ key: { label: "Renamed" } });
    for (const text of [admin.text, standard.text, list.text, patched.text]) {
      expect(text).not.toContain(env().admin.apiKey);
      expect(text).not.toContain(env().standardKey);
      expect(text).not.toMatch(/ciphertext|authTag|"iv"/);
    }
    expect((await user.call("DELETE", `/api/keys/${standard.body.key.id}`)).status).toBe(200);
    expect((await user.call("GET", `/api/keys/${standard.body.key.id}`)).status).toBe(404);
  });

  it("another tenant's key id is a 404 on every route, and nothing changes", async () => {
    const owner = await ApiUser.signUp("owner");
    const intruder = await ApiUser.signUp("intruder");
    const created = await owner.call<{ key: { id: string } }>("POST", "/api/keys", adminKeyBody("Owner key"));
    const id = created.body.key.id;
    expect((await intruder.call("GET", `/api/keys/${id}`)).status).toBe(404);
    expect((await intruder.call("PATCH", `/api/keys/${id}`, { label: "pwned" })).status).toBe(404);
    expect((await intruder.call("DELETE", `/api/keys/${id}`)).status).toBe(404);
    expect((await intruder.call<{ keys: unknown[] }>("GET", "/api/keys")).body.keys).toEqual([]);
    expect((await owner.call("GET", `/api/keys/${id}`)).body).toMatchObject({ key: { label: "Owner key" } });
  });

  it.each([
    ["malformed JSON", undefined, "{not json", /not valid JSON/],
    [
      "a wrong type",
      { provider: "openai", label: 42, apiKey: "sk-admin-TESTONLYxxxxxxxxxxxxxxxx" },
      undefined,
      /label/,
    ],
    [
      "an unknown field",
      { ...{ provider: "openai", label: "x", apiKey: "sk-admin-TESTONLYxxxxxxxxxxxx" }, admin: true },
      undefined,
      /unknown field: admin/,
    ],
    [
      "admin mode without ids",
      { provider: "openai", label: "x", usageMode: "admin", apiKey: "sk-admin-TESTONLYxxxxxxxxxxxxx" },
      undefined,
      /organizationId and projectId/,
    ],
    [
      "admin mode without a project",
      {
        provider: "openai",
        label: "x",
        usageMode: "admin",
        organizationId: "org-1",
        apiKey: "sk-admin-TESTONLYxxxxxxxxxxxxx",
      },
      undefined,
      /needs projectId/,
    ],
    [
      "an unsupported provider",
      { provider: "mistral", label: "x", apiKey: "sk-admin-TESTONLYxxxxxxxxxxxxx" },
      undefined,
      /provider/,
    ],
    ["a JSON array", [1, 2], undefined, /Invalid body/],
  ])("POST /api/keys with %s is a readable 400", async (_why, body, raw, message) => {
    const user = await ApiUser.signUp("bad-input");
    const res = await user.call<{ error: { message: string } }>("POST", "/api/keys", body, raw);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(res.text).not.toMatch(/at \w+ \(|node_modules|TESTONLY/);
  });

  it("a malformed key id is a 4xx, never a 500", async () => {
    const user = await ApiUser.signUp("bad-id");
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const res = await user.call(method, "/api/keys/not-a-uuid", method === "PATCH" ? { label: "x" } : undefined);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});

describe("Anthropic keys over HTTP", () => {
  type KeyBody = { key: { id: string; label: string; provider: string; maskedKey: string } };

  it("another organization's Anthropic key is a 404 on read, edit, delete and test, and nothing changes", async () => {
    const owner = await ApiUser.signUp("anthropic-owner");
    const intruder = await ApiUser.signUp("anthropic-intruder");
    const created = await owner.call<KeyBody>("POST", "/api/keys", anthropicKeyBody("Owner's Claude key"));
    expect(created.status).toBe(201);
    const id = created.body.key.id;
    expect(created.body.key.provider).toBe("anthropic");
    for (const [method, path, body] of [
      ["GET", `/api/keys/${id}`, undefined],
      ["PATCH", `/api/keys/${id}`, { label: "pwned" }],
      ["POST", `/api/keys/${id}/test`, {}],
      ["DELETE", `/api/keys/${id}`, undefined],
    ] as const) {
      const res = await intruder.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.text).not.toContain(env().anthropic.adminKey);
    }
    expect((await intruder.call<{ keys: unknown[] }>("GET", "/api/keys")).body.keys).toEqual([]);
    const after = await owner.call<KeyBody>("GET", `/api/keys/${id}`);
    expect(after.body.key).toMatchObject({ label: "Owner's Claude key", provider: "anthropic" });
  });

  it("create, list, edit, test and the keys page never show the plaintext Admin key", async () => {
    const user = await ApiUser.signUp("anthropic-secret");
    const secret = env().anthropic.adminKey;
    expect(secret).toMatch(/^sk-ant-admin/);
    const created = await user.call<KeyBody>("POST", "/api/keys", anthropicKeyBody("Claude"));
    expect(created.status).toBe(201);
    expect(created.body.key.maskedKey).toMatch(/^sk-ant-admin\d*-\.\.\./);
    const id = created.body.key.id;
    const list = await user.call("GET", "/api/keys");
    const patched = await user.call("PATCH", `/api/keys/${id}`, { label: "Claude (renamed)" });
    expect(patched.status).toBe(200);
    const tested = await user.call("POST", `/api/keys/${id}/test`, {});
    expect(tested.status).toBe(200);
    const page = await user.call("GET", "/keys");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Claude (renamed)");
    for (const res of [created, list, patched, tested, page]) {
      expect(res.text).not.toContain(secret);
      expect(res.text).not.toMatch(/ciphertext|authTag|"iv"/);
    }
  });

  it.each([
    [
      "a regular API key (wrong prefix)",
      () => env().anthropic.standardKey,
      /^Invalid body: apiKey must be an Anthropic Admin key \(it starts with sk-ant-admin\)/,
    ],
    [
      "a key that is far too long",
      () => `sk-ant-admin01-${"x".repeat(400)}`,
      /^Invalid body: apiKey must be at most 400 characters/,
    ],
    [
      "a key with a control character",
      () => `sk-ant-admin01-TESTONLY\u0007bell`,
      /^Invalid body: apiKey must not contain control characters/,
    ],
    [
      "a key with a line break",
      () => `sk-ant-admin01-TESTONLY\r\nX-Injected: 1`,
      /^Invalid body: apiKey must not contain control characters/,
    ],
  ])("POST /api/keys with an Anthropic %s is a 400 naming the field in plain words", async (_why, apiKey, message) => {
    const user = await ApiUser.signUp("anthropic-bad-key");
    const key = apiKey();
    const res = await user.call<{ error: { code: string; message: string } }>("POST", "/api/keys", {
      provider: "anthropic",
      label: "Claude",
      apiKey: key,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.message).toMatch(message);
    expect(res.text).not.toContain(key);
    expect(res.text).not.toMatch(/at \w+ \(|node_modules/);
    expect((await user.call<{ keys: unknown[] }>("GET", "/api/keys")).body.keys).toEqual([]);
  });
});

describe("cron route", () => {
  it.each([
    ["missing", undefined],
    ["Bearer undefined", "Bearer undefined"],
    ["wrong", "Bearer 0000000000000000000000000000000000000000"],
    ["bare secret", "SECRET"],
  ])("rejects a %s secret with 401", async (_why, header) => {
    const value = header === "SECRET" ? env().cronSecret : header;
    const res = await fetch(`${env().appUrl}/api/cron/daily-usage`, { headers: value ? { authorization: value } : {} });
    expect(res.status).toBe(401);
  });
});
