/**
 * Organizations over HTTP with two people: creating, switching per session or per request (the
 * X-CogniTrack-Org header), members and the last-owner rule, provider accounts, and the walls
 * between organizations (another organization's ids are 404s).
 */
import { describe, expect, it } from "vitest";
import { adminKeyBody, ApiUser } from "./api-client";

interface Org {
  id: string;
  name: string;
  personal: boolean;
  role: string;
  current: boolean;
}
interface Account {
  id: string;
  label: string;
  keys: { id: string; label: string }[];
}

const orgsOf = async (user: ApiUser) =>
  (await user.call<{ organizations: Org[] }>("GET", "/api/orgs")).body.organizations;

describe("organizations over HTTP", () => {
  it("creates a team organization, switches to it per session, and keeps keys apart", async () => {
    const ana = await ApiUser.signUp("ana");
    const start = await orgsOf(ana);
    expect(start).toHaveLength(1);
    expect(start[0]).toMatchObject({ personal: true, role: "owner", current: true, name: ana.email });
    const personalId = start[0]!.id;

    const created = await ana.call<{ organization: Org }>("POST", "/api/orgs", { name: "Ana's team" });
    expect(created.status).toBe(201);
    expect(created.body.organization).toMatchObject({ name: "Ana's team", role: "owner", personal: false });
    const teamId = created.body.organization.id;
    expect((await ana.call("POST", "/api/orgs", { name: " " })).status).toBe(400);

    await ana.call("POST", "/api/keys", adminKeyBody("Personal key"));
    const switched = await ana.call<{ organization: Org }>("PUT", "/api/orgs/current", { orgId: teamId });
    expect(switched.status).toBe(200);
    expect((await orgsOf(ana)).find((o) => o.current)?.id).toBe(teamId);
    // The team has no keys; the personal key is still there when asked for by header.
    expect((await ana.call<{ keys: unknown[] }>("GET", "/api/keys")).body.keys).toEqual([]);
    const viaHeader = await ana.call<{ keys: { label: string }[] }>("GET", "/api/keys", undefined, undefined, {
      headers: { "x-cognitrack-org": personalId },
    });
    expect(viaHeader.body.keys.map((k) => k.label)).toEqual(["Personal key"]);

    const team = await ana.call<{ key: { id: string }; account: { attached: boolean } }>(
      "POST",
      "/api/keys",
      adminKeyBody("Team key"),
    );
    expect(team.status).toBe(201);
    const second = await ana.call<{ key: { id: string }; account: { attached: boolean; label: string } }>(
      "POST",
      "/api/keys",
      adminKeyBody("Team key 2"),
    );
    expect(second.body.account).toMatchObject({ attached: true, label: "Team key" });
    const accounts = await ana.call<{ accounts: Account[] }>("GET", "/api/accounts");
    expect(accounts.body.accounts.map((a) => [a.label, a.keys.map((k) => k.label)])).toEqual([
      ["Team key", ["Team key", "Team key 2"]],
    ]);
  });

  it("another person cannot see, switch to, or touch someone else's organization", async () => {
    const owner = await ApiUser.signUp("owner");
    const intruder = await ApiUser.signUp("intruder");
    const teamId = (await owner.call<{ organization: Org }>("POST", "/api/orgs", { name: "Private" })).body.organization
      .id;
    await owner.call("PUT", "/api/orgs/current", { orgId: teamId });
    const key = await owner.call<{ key: { id: string; accountId: string } }>("POST", "/api/keys", adminKeyBody());

    expect((await orgsOf(intruder)).map((o) => o.id)).not.toContain(teamId);
    const header = { "x-cognitrack-org": teamId };
    for (const [method, path, body] of [
      ["PUT", "/api/orgs/current", { orgId: teamId }],
      ["GET", "/api/keys", undefined, header],
      ["GET", "/api/members", undefined, header],
    ] as const) {
      const res = await intruder.call(method, path, body, undefined, { headers: method === "PUT" ? {} : header });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: "NOT_FOUND" } });
    }
    expect((await intruder.call("GET", `/api/keys/${key.body.key.id}`)).status).toBe(404);
    const del = await intruder.call("DELETE", `/api/accounts/${key.body.key.accountId}`, { confirm: "Org admin key" });
    expect(del.status).toBe(404);
    expect((await owner.call("GET", `/api/keys/${key.body.key.id}`)).status).toBe(200);
  });

  it("lists members, refuses to lose the last owner (409), and deletes an account only with its label", async () => {
    const solo = await ApiUser.signUp("solo");
    const me = (await orgsOf(solo))[0]!;
    const members = await solo.call<{ members: { userId: string; email: string; role: string }[] }>(
      "GET",
      "/api/members",
    );
    expect(members.body.members).toEqual([expect.objectContaining({ email: solo.email, role: "owner" })]);
    const myId = members.body.members[0]!.userId;

    const demote = await solo.call<{ error: { code: string; message: string } }>("PATCH", `/api/members/${myId}`, {
      role: "viewer",
    });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/only owner/);
    const leave = await solo.call<{ error: { message: string } }>("DELETE", `/api/members/${myId}`);
    expect(leave.status).toBe(409);
    expect(leave.body.error.message).toMatch(/cannot leave/);
    const stranger = "00000000-0000-4000-8000-00000000abcd";
    expect((await solo.call("PATCH", `/api/members/${stranger}`, { role: "admin" })).status).toBe(404);
    expect((await solo.call("PATCH", `/api/members/${myId}`, { role: "superuser" })).status).toBe(400);

    const created = await solo.call<{ key: { accountId: string } }>("POST", "/api/keys", adminKeyBody("Prod org"));
    const accountId = created.body.key.accountId;
    const wrong = await solo.call<{ error: { message: string } }>("DELETE", `/api/accounts/${accountId}`, {
      confirm: "prod",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('"Prod org"');
    expect((await solo.call("DELETE", `/api/accounts/${accountId}`, {})).status).toBe(400);
    const ok = await solo.call("DELETE", `/api/accounts/${accountId}`, { confirm: "Prod org" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: accountId, deleted: true, keys: 1 });
    expect((await solo.call<{ accounts: unknown[] }>("GET", "/api/accounts")).body.accounts).toEqual([]);
    expect(me.personal).toBe(true);
  });

  it("keeps /dashboard working as a redirect to /keys", async () => {
    const user = await ApiUser.signUp("redirect");
    const res = await user.call("GET", "/dashboard?welcome=1");
    expect([307, 308]).toContain(res.status);
    expect(res.headers.get("location")).toMatch(/\/keys\?welcome=1$/);
  });
});
