/**
 * Cross-site request forgery against the built app: every state-changing route, with a victim's
 * valid cookie, refuses a foreign Origin (403) and a text/plain body (415) without changing
 * anything, and works from our own origin. Server actions refuse a foreign Origin too.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { adminKeyBody, env } from "./api-client";
import {
  foreign,
  JSON_TYPE,
  newEmail,
  PASSWORD,
  type RawRequest,
  sameOrigin,
  send,
  sessionWorks,
  signUpSession,
  TEXT_TYPE,
} from "./raw-client";

interface Scenario {
  /** The request under attack, minus Origin and Content-Type. */
  request: Required<Pick<RawRequest, "method" | "cookie">> & { path: string; body?: object };
  /** What the request would change, observed without it. */
  probe: () => Promise<unknown>;
}

async function newKey(cookie: string, body: object = adminKeyBody("CSRF target")): Promise<string> {
  const res = await send("/api/keys", { method: "POST", cookie, headers: JSON_TYPE, body });
  if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${res.text}`);
  return (res.json.key as { id: string }).id;
}

const keyField = (cookie: string, id: string, field: string) => async () => {
  const res = await send(`/api/keys/${id}`, { cookie });
  return res.status === 200 ? (res.json.key as Record<string, unknown>)[field] : `status ${res.status}`;
};

/** An admin key only this scenario uses, so the emulator's request log shows whether it was called. */
async function loggedKey(cookie: string) {
  const suffix = randomBytes(4).toString("hex");
  const apiKey = `sk-admin-csrf-${suffix}`;
  const reg = await fetch(`${env().emulatorOrigin}/__emulator/keys`, {
    method: "POST",
    headers: JSON_TYPE,
    body: JSON.stringify({ key: apiKey, kind: "admin" }),
  });
  if (!reg.ok) throw new Error(`emulator key registration failed: ${reg.status}`);
  const id = await newKey(cookie, { ...adminKeyBody("Logged key"), apiKey });
  const calls = async () => {
    const log = (await (await fetch(`${env().emulatorOrigin}/__emulator/requests`)).json()) as {
      requests: { key: string | null }[];
    };
    return log.requests.filter((r) => r.key === `${apiKey.slice(0, 3)}...${apiKey.slice(-4)}`).length;
  };
  return { id, calls };
}

const yesterday = () => env().dataset.end;

const KEY_ROUTES: [string, () => Promise<Scenario>, number][] = [
  [
    "POST /api/keys",
    async () => {
      const { cookie } = await signUpSession("csrf-create");
      const probe = async () => ((await send("/api/keys", { cookie })).json.keys as unknown[]).length;
      return { request: { method: "POST", path: "/api/keys", cookie, body: adminKeyBody("Planted") }, probe };
    },
    201,
  ],
  [
    "PATCH /api/keys/:id",
    async () => {
      const { cookie } = await signUpSession("csrf-edit");
      const id = await newKey(cookie);
      const request = { method: "PATCH", path: `/api/keys/${id}`, cookie, body: { label: "Renamed by someone" } };
      return { request, probe: keyField(cookie, id, "label") };
    },
    200,
  ],
  [
    "DELETE /api/keys/:id",
    async () => {
      const { cookie } = await signUpSession("csrf-delete");
      const id = await newKey(cookie);
      return { request: { method: "DELETE", path: `/api/keys/${id}`, cookie }, probe: keyField(cookie, id, "label") };
    },
    200,
  ],
  [
    "POST /api/keys/:id/test",
    async () => {
      const { cookie } = await signUpSession("csrf-test");
      const { id, calls } = await loggedKey(cookie);
      return { request: { method: "POST", path: `/api/keys/${id}/test`, cookie }, probe: calls };
    },
    200,
  ],
  [
    "POST /api/usage",
    async () => {
      const { cookie } = await signUpSession("csrf-usage");
      const id = await newKey(cookie);
      const request = { method: "POST", path: "/api/usage", cookie, body: { start: yesterday(), end: yesterday() } };
      return { request, probe: keyField(cookie, id, "lastSyncAt") };
    },
    200,
  ],
];

describe.each(KEY_ROUTES)("%s", (_name, arrange, okStatus) => {
  const attempt = (s: Scenario, headers: Record<string, string>, body = s.request.body) =>
    send(s.request.path, { method: s.request.method, cookie: s.request.cookie, headers, body });

  it("refuses a foreign Origin carrying a valid cookie with a 403, and nothing changes", async () => {
    const s = await arrange();
    const before = await s.probe();
    const res = await attempt(s, { ...foreign(), ...JSON_TYPE });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/another site/) });
    expect(await s.probe()).toEqual(before);
  });

  it("refuses Sec-Fetch-Site: cross-site without an Origin, and nothing changes", async () => {
    const s = await arrange();
    const before = await s.probe();
    const res = await attempt(s, { "sec-fetch-site": "cross-site", ...JSON_TYPE });
    expect(res.status).toBe(403);
    expect(await s.probe()).toEqual(before);
  });

  it("refuses a text/plain body from our own origin with a 415, and nothing changes", async () => {
    const s = await arrange();
    const before = await s.probe();
    const res = await attempt(s, { ...sameOrigin(), ...TEXT_TYPE }, s.request.body ?? {});
    expect(res.status).toBe(415);
    expect(res.json.error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", message: /application\/json/ });
    expect(await s.probe()).toEqual(before);
  });

  it("works from our own origin", async () => {
    const s = await arrange();
    const before = await s.probe();
    const res = await attempt(s, { ...sameOrigin(), ...(s.request.body ? JSON_TYPE : {}) });
    expect(res.status, res.text).toBe(okStatus);
    expect(await s.probe()).not.toEqual(before);
  });
});

describe("sign-in (login CSRF)", () => {
  const credentials = async () => ({ email: (await signUpSession("csrf-login")).email, password: PASSWORD });

  it("refuses a foreign Origin and a text/plain body without issuing a session", async () => {
    const body = await credentials();
    const crossSite = await send("/api/auth/sign-in", {
      method: "POST",
      headers: { ...foreign(), ...JSON_TYPE },
      body,
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.setCookie).toBeNull();
    const plain = await send("/api/auth/sign-in", { method: "POST", headers: { ...sameOrigin(), ...TEXT_TYPE }, body });
    expect(plain.status).toBe(415);
    expect(plain.setCookie).toBeNull();
  });

  it("signs in from our own origin", async () => {
    const body = await credentials();
    const res = await send("/api/auth/sign-in", { method: "POST", headers: { ...sameOrigin(), ...JSON_TYPE }, body });
    expect(res.status).toBe(200);
    expect(await sessionWorks(res.setCookie!)).toBe(true);
  });
});

describe("sign-up", () => {
  it("refuses a foreign Origin and a text/plain body without creating the account", async () => {
    const body = { email: newEmail("csrf-signup"), password: PASSWORD };
    const crossSite = await send("/api/auth/sign-up", {
      method: "POST",
      headers: { ...foreign(), ...JSON_TYPE },
      body,
    });
    expect(crossSite.status).toBe(403);
    const plain = await send("/api/auth/sign-up", { method: "POST", headers: { ...sameOrigin(), ...TEXT_TYPE }, body });
    expect(plain.status).toBe(415);
    expect(plain.setCookie ?? crossSite.setCookie).toBeNull();
    const signIn = await send("/api/auth/sign-in", { method: "POST", headers: JSON_TYPE, body });
    expect(signIn.status).toBe(401);
    const created = await send("/api/auth/sign-up", {
      method: "POST",
      headers: { ...sameOrigin(), ...JSON_TYPE },
      body,
    });
    expect(created.status).toBe(201);
  });
});

describe.each([
  ["POST /api/auth/sign-out", "/api/auth/sign-out"],
  ["POST /api/auth/sign-out-everywhere", "/api/auth/sign-out-everywhere"],
])("%s", (_name, path) => {
  it("refuses a foreign Origin and a text/plain body, and the session stays", async () => {
    const { cookie } = await signUpSession("csrf-signout");
    const crossSite = await send(path, { method: "POST", cookie, headers: foreign() });
    expect(crossSite.status).toBe(403);
    const plain = await send(path, { method: "POST", cookie, headers: { ...sameOrigin(), ...TEXT_TYPE }, body: "{}" });
    expect(plain.status).toBe(415);
    expect(await sessionWorks(cookie)).toBe(true);
  });

  it("ends the session from our own origin", async () => {
    const { cookie } = await signUpSession("csrf-signout-ok");
    const res = await send(path, { method: "POST", cookie, headers: sameOrigin() });
    expect(res.status).toBe(200);
    expect(await sessionWorks(cookie)).toBe(false);
  });
});

describe("server actions", () => {
  function actionId(name: string): string {
    const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
      node: Record<string, { exportedName: string }>;
    };
    const id = Object.entries(manifest.node).find(([, a]) => a.exportedName === name)?.[0];
    if (!id) throw new Error(`no server action named ${name} in the build`);
    return id;
  }

  async function refreshScenario() {
    const { cookie } = await signUpSession("csrf-action");
    const id = await newKey(cookie);
    const call = (headers: Record<string, string>) =>
      send("/analytics", {
        method: "POST",
        cookie,
        headers: { "next-action": actionId("refreshUsageAction"), ...TEXT_TYPE, ...headers },
        body: JSON.stringify([{ start: yesterday(), end: yesterday() }]),
      });
    return { call, lastSync: keyField(cookie, id, "lastSyncAt") };
  }

  it("refuses the Refresh action from a foreign Origin with a 403 (not a 500), and nothing is synced", async () => {
    const { call, lastSync } = await refreshScenario();
    const res = await call(foreign());
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: "FORBIDDEN" });
    expect((await call({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect(await lastSync()).toBeNull();
  });

  it("runs the Refresh action from our own origin", async () => {
    const { call, lastSync } = await refreshScenario();
    const res = await call(sameOrigin());
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/"status":"succeeded"/);
    expect(await lastSync()).toEqual(expect.any(String));
  });
});
