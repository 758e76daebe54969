/**
 * The route contract, run over every entry of the table in route-contract.ts against the built
 * app: the table is complete, anonymous callers get 401, a tampered cookie is nobody, another
 * tenant's id is a 404 that changes nothing, bad input is a plain 4xx, a foreign origin cannot
 * write (403) and a JSON route refuses a non-JSON body (415). Same for the server actions.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "./api-client";
import { contractRequest, type Caller } from "./contract-request";
import { actionRequest, builtActions, encodeActionArgs, probe, type ProbeResponse } from "./http-probe";
import { ACTIONS, ROUTES, routeName, type RouteContract, type SampleContext } from "./route-contract";
import { discoverRoutes, discoverServerActions } from "./route-discovery";
import { callJson, signUpSession, type Session } from "./session";

const appUrl = () => env().appUrl;
const FOREIGN = { origin: "http://evil.example", "sec-fetch-site": "cross-site" };
const hasId = (r: RouteContract) => r.path.includes("[id]");
const takesInput = (r: RouteContract) => Boolean(r.params || r.query || r.body);
const mutating = ROUTES.filter((r) => r.method !== "GET");

let owner: Session;
let intruder: Session;

beforeAll(async () => {
  owner = await signUpSession(appUrl(), "contract-owner");
  intruder = await signUpSession(appUrl(), "contract-intruder");
});

function sampleContext(keyId: string, email = owner.email): SampleContext {
  const { admin, dataset } = env();
  return { ownKeyId: keyId, admin, email, dataset };
}

async function freshKey(session: Session, label = "Contract key"): Promise<string> {
  const { admin } = env();
  const res = await callJson<{ key: { id: string } }>(appUrl(), "POST", "/api/keys", session.cookie, {
    provider: "openai",
    label,
    usageMode: "admin",
    ...admin,
  });
  if (res.status !== 201) throw new Error(`could not create a key: ${res.status} ${res.text}`);
  return res.body.key.id;
}

const keysOf = async (session: Session) =>
  (await callJson<{ keys: { id: string; label: string }[] }>(appUrl(), "GET", "/api/keys", session.cookie)).body.keys;

async function send(route: RouteContract, keyId: string, caller: Caller, ctx = sampleContext(keyId)) {
  return probe(appUrl(), contractRequest(appUrl(), route, route.sample(ctx), keyId, caller));
}

function expectPlainClientError(res: ProbeResponse, what: string) {
  expect(res.status, `${what}: ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.text).not.toMatch(/\bat \S+ \(|node_modules|webpack-internal/);
}

describe("the route contract table", () => {
  it("lists every method every route file exports, and no route that does not exist", () => {
    const declared = discoverRoutes().map(routeName).sort();
    expect(declared.length).toBeGreaterThanOrEqual(10);
    expect(ROUTES.map(routeName).sort()).toEqual(declared);
  });

  it("lists every server action of the build and of the source, and none that does not exist", () => {
    const built = builtActions().map((a) => `${a.file}#${a.exportedName}`);
    const fromSource = discoverServerActions().map((a) => `${a.file}#${a.exportedName}`);
    expect(fromSource).toContain("src/app/dashboard/actions.ts#refreshUsageAction");
    const table = ACTIONS.map((a) => `${a.file}#${a.exportedName}`).sort();
    expect(table).toEqual([...new Set([...built, ...fromSource])].sort());
  });

  it("gives every route that takes input at least one bad-input sample", () => {
    const withInput = ROUTES.filter(takesInput);
    expect(withInput.length).toBeGreaterThan(0);
    const ctx = sampleContext(randomUUID());
    expect(withInput.filter((r) => r.badInput(ctx).length === 0).map(routeName)).toEqual([]);
  });
});

describe("who may call each route", () => {
  it.each(ROUTES.filter((r) => r.access !== "public").map((r) => [routeName(r), r] as const))(
    "%s without a session or secret is a 401",
    async (_name, route) => {
      const res = await send(route, randomUUID(), {});
      expect(res.status, res.text).toBe(401);
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    },
  );

  it.each(ROUTES.filter((r) => r.access === "session").map((r) => [routeName(r), r] as const))(
    "%s with a tampered session cookie is a 401",
    async (_name, route) => {
      for (const cookie of [`${owner.cookie}.extra`, `${owner.cookie}x`, "ct_session=abc.def", "ct_session=..."]) {
        const res = await send(route, randomUUID(), { cookie });
        expect(res.status, `${cookie.replace(/=.*/, "=<value>")}: ${res.text}`).toBe(401);
      }
    },
  );

  it.each(ROUTES.filter((r) => r.access === "public").map((r) => [routeName(r), r] as const))(
    "%s works without a session",
    async (_name, route) => {
      const res = await send(route, randomUUID(), {});
      expect(res.status, res.text).toBe(route.okStatus);
    },
  );

  it.each(ROUTES.filter((r) => r.access === "session").map((r) => [routeName(r), r] as const))(
    "%s answers the owner's sample with its success status",
    async (_name, route) => {
      const keyId = await freshKey(owner);
      const res = await send(route, keyId, { cookie: owner.cookie });
      expect(res.status, res.text.slice(0, 500)).toBe(route.okStatus);
    },
  );
});

describe("tenancy", () => {
  it.each(ROUTES.filter(hasId).map((r) => [routeName(r), r] as const))(
    "%s with another tenant's key id is a 404 and changes nothing",
    async (_name, route) => {
      const keyId = await freshKey(owner, "Tenant-owned key");
      const before = await keysOf(owner);
      const res = await send(route, keyId, { cookie: intruder.cookie });
      expect(res.status, res.text).toBe(404);
      expect(await keysOf(owner)).toEqual(before);
      expect(before.some((k) => k.id === keyId)).toBe(true);
    },
  );
});

describe("bad input", () => {
  it.each(ROUTES.filter(takesInput).map((r) => [routeName(r), r] as const))(
    "%s answers every bad-input sample with a plain 4xx",
    async (_name, route) => {
      const keyId = await freshKey(owner);
      const samples = route.badInput(sampleContext(keyId));
      expect(samples.length).toBeGreaterThan(0);
      for (const sample of samples) {
        const res = await probe(appUrl(), contractRequest(appUrl(), route, sample, keyId, { cookie: owner.cookie }));
        expectPlainClientError(res, JSON.stringify(sample).slice(0, 200));
      }
    },
  );
});

describe("cross-site writes", () => {
  // Sign-out last: it is the one that could end the victim's session.
  const ordered = [...mutating].sort(
    (a, b) => Number(a.path.endsWith("sign-out")) - Number(b.path.endsWith("sign-out")),
  );
  const variants: Record<string, string>[] = [FOREIGN, { "sec-fetch-site": "cross-site" }];
  let victim: Session;
  beforeAll(async () => {
    victim = await signUpSession(appUrl(), "csrf-victim");
  });

  it.each(ordered.map((r) => [routeName(r), r] as const))(
    "%s from a foreign origin is a 403 and changes nothing",
    async (_name, route) => {
      const keyId = await freshKey(victim, "Victim key");
      const before = await keysOf(victim);
      for (const variant of variants) {
        const req = contractRequest(appUrl(), route, route.sample(sampleContext(keyId, victim.email)), keyId, {
          cookie: victim.cookie,
        });
        delete req.headers!.origin;
        Object.assign(req.headers!, variant);
        const res = await probe(appUrl(), req);
        expect(res.status, `${JSON.stringify(variant)}: ${res.text.slice(0, 200)}`).toBe(403);
        expect(res.headers.get("set-cookie")).toBeNull();
      }
      expect(await keysOf(victim)).toEqual(before);
    },
  );

  it.each(ROUTES.filter((r) => r.body).map((r) => [routeName(r), r] as const))(
    "%s refuses a JSON body sent as text/plain with a 415",
    async (_name, route) => {
      const keyId = await freshKey(owner);
      const req = contractRequest(appUrl(), route, route.sample(sampleContext(keyId)), keyId, { cookie: owner.cookie });
      req.headers!["content-type"] = "text/plain;charset=UTF-8";
      const res = await probe(appUrl(), req);
      expect(res.status, res.text.slice(0, 200)).toBe(415);
    },
  );
});

/** The value an action returned, from the RSC payload (row 1 of the flight response). */
function actionResult(text: string): unknown {
  const row = text.split("\n").find((line) => line.startsWith("1:"));
  return row ? JSON.parse(row.slice(2)) : undefined;
}

describe("server actions", () => {
  const built = () => builtActions();
  const idOf = (file: string, name: string) => built().find((a) => a.file === file && a.exportedName === name)!.id;
  const sessionActions = ACTIONS.filter((a) => a.access === "session");

  it.each(sessionActions.map((a) => [a.exportedName, a] as const))(
    "%s without a session does nothing and says to sign in",
    async (_name, action) => {
      const req = actionRequest(
        appUrl(),
        { id: idOf(action.file, action.exportedName), page: action.page },
        encodeActionArgs(action.sample(sampleContext(randomUUID()))),
      );
      const res = await probe(appUrl(), req);
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      expect(actionResult(res.text)).toMatchObject({ status: "failed", message: expect.stringMatching(/sign in/i) });
    },
  );

  it.each(sessionActions.map((a) => [a.exportedName, a] as const))(
    "%s refuses bad arguments in plain words",
    async (_name, action) => {
      for (const args of action.badInput()) {
        const req = actionRequest(
          appUrl(),
          { id: idOf(action.file, action.exportedName), page: action.page },
          encodeActionArgs(args),
          owner.cookie,
        );
        const res = await probe(appUrl(), req);
        expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
        expect(actionResult(res.text), JSON.stringify(args)).toMatchObject({ status: "failed" });
      }
    },
  );

  it.each(ACTIONS.map((a) => [a.exportedName, a] as const))(
    "%s from a foreign origin is a 403",
    async (_name, action) => {
      const req = actionRequest(
        appUrl(),
        { id: idOf(action.file, action.exportedName), page: action.page },
        encodeActionArgs(action.sample(sampleContext(randomUUID()))),
        owner.cookie,
      );
      req.headers = { ...req.headers, ...FOREIGN };
      const res = await probe(appUrl(), req);
      expect(res.status, res.text.slice(0, 300)).toBe(403);
    },
  );
});
