/**
 * Clerk mode, exercised without Clerk's servers: the built app verifies session tokens we mint
 * with our own RSA key (its public half is CLERK_JWT_KEY) and a loopback-only guard inside the
 * app process refuses and reports any other connection. The whole route matrix runs here too,
 * with roles coming from the token's organization claim.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clerkKeyPair } from "./clerk/session-token";
import { startClerkWorld, type ClerkWorld } from "./route-matrix/clerk-world";
import { runMatrix } from "./route-matrix/runner";

let clerk: ClerkWorld;
const refusals = () =>
  clerk.app
    .output()
    .split("\n")
    .filter((l) => l.includes("[loopback-only]"));

beforeAll(async () => {
  clerk = await startClerkWorld();
});
afterAll(async () => clerk?.app.stop());

const currentOrg = async (caller: ReturnType<ClerkWorld["caller"]>) => {
  const res = await caller.request("GET", "/api/orgs");
  expect(res.status, res.text).toBe(200);
  return (res.body.organizations as { id: string; role: string; personal: boolean; current: boolean }[]).find(
    (o) => o.current,
  )!;
};

describe("route x role x tenant matrix (Clerk mode)", () => {
  runMatrix("clerk", () => clerk.world);
});

describe("Clerk session tokens", () => {
  it.each([
    ["owner", "owner"],
    ["admin", "admin"],
    ["member", "viewer"],
    ["billing_manager", "viewer"],
  ])("the organization role %s in the token is our %s, in the same organization", async (clerkRole, ours) => {
    const who = clerk.person(`role-${clerkRole}`, { id: clerk.clerkOrgA.id, role: clerkRole });
    const org = await currentOrg(clerk.caller(who, "bearer"));
    expect(org).toMatchObject({ id: clerk.world.orgA.id, role: ours, personal: false });
  });

  it("a token without an active organization works in the user's personal organization", async () => {
    const who = clerk.person("solo");
    const solo = clerk.caller(who, "cookie");
    const org = await currentOrg(solo);
    expect(org).toMatchObject({ role: "owner", personal: true });
    expect(org.id).not.toBe(clerk.world.orgA.id);
    const created = await solo.request("POST", "/api/keys", {
      body: { provider: "openai", label: "Solo key", usageMode: "standard", apiKey: clerk.world.standardKey },
    });
    expect(created.status, created.text).toBe(201);
    const own = await solo.request("GET", "/api/keys");
    expect(own.body.keys.map((k: { id: string }) => k.id)).toEqual([created.body.key.id]);
    const inA = await clerk.world.members.owner.request("GET", `/api/keys/${created.body.key.id}`);
    expect(inA.status).toBe(404);
  });

  it("a role changed in Clerk applies from the next request on", async () => {
    const who = clerk.person("demoted", { id: clerk.clerkOrgA.id, role: "admin" });
    const body = {
      provider: "openai",
      label: "Before demotion",
      usageMode: "standard",
      apiKey: clerk.world.standardKey,
    };
    expect((await clerk.caller(who, "bearer").request("POST", "/api/keys", { body })).status).toBe(201);
    const demoted = clerk.caller({ ...who, org: { id: clerk.clerkOrgA.id, role: "member" } }, "bearer");
    const refused = await demoted.request("POST", "/api/keys", { body: { ...body, label: "After demotion" } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("This needs the admin role; you are a viewer.");
    const members = await clerk.world.members.owner.request("GET", "/api/members");
    expect(members.body.members.find((m: { email: string }) => m.email === who.email)).toMatchObject({
      role: "viewer",
    });
  });

  it.each([
    ["signed with another key", { signWith: clerkKeyPair().privateKey }],
    ["expired", { expiresIn: -120 }],
  ])("a session token %s is a 401, as cookie and as bearer", async (_why, opts) => {
    const who = clerk.person("forger", { id: clerk.clerkOrgA.id, role: "owner" });
    for (const transport of ["cookie", "bearer"] as const) {
      const res = await clerk.caller(who, transport, opts).request("GET", "/api/keys");
      expect(res.status, `${transport}: ${res.text}`).toBe(401);
    }
  });

  it("the audit page answers a viewer with the 403 sentence and shows an admin the log", async () => {
    const page = (role: "viewer" | "admin") =>
      clerk.world.members[role].request("GET", "/settings/audit", { headers: { accept: "text/html" } });
    const viewer = await page("viewer");
    expect(viewer.status).toBe(200);
    expect(viewer.text).toContain("This needs the admin role; you are a viewer.");
    expect(viewer.text).not.toContain("<table");
    const admin = await page("admin");
    expect(admin.text).toMatch(/<th scope="col">Action<\/th>/);
    expect(admin.text).toMatch(/<label for="audit-action">Action<\/label>/);
  });
});

describe("without the network", () => {
  it("nothing in Clerk mode reached for a non-loopback address", () => {
    expect(clerk.app.output()).toContain("Ready");
    expect(refusals()).toEqual([]);
  });

  // Last: it makes the app try Clerk's Backend API on purpose, to show the guard is really there.
  it("a new user whose token carries no email needs Clerk's API: refused here, a plain 503", async () => {
    const who = clerk.person("no-email", { id: clerk.clerkOrgA.id, role: "member" });
    const res = await clerk.caller(who, "bearer", { withoutEmail: true }).request("GET", "/api/orgs");
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/Clerk could not be reached/);
    expect(refusals().length).toBeGreaterThan(0);
  });
});
