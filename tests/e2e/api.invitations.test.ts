/** Invitations over HTTP: invite, accept once with the invited account, then work in that organization. */
import { describe, expect, it } from "vitest";
import { adminKeyBody, ApiUser, env } from "./api-client";

interface Invitation {
  invitation: { id: string; email: string; role: string; expiresAt: string; url: string };
}

describe("invitations over HTTP", () => {
  it("an owner invites a viewer who joins once and then reads the same totals but cannot add keys", async () => {
    const owner = await ApiUser.signUp("inviter");
    await owner.call("POST", "/api/keys", adminKeyBody());
    const { end } = env().dataset;
    expect((await owner.call("POST", "/api/usage", { start: end, end })).status).toBe(200);
    const viewer = await ApiUser.signUp("invited");
    const created = await owner.call<Invitation>("POST", "/api/invitations", { email: viewer.email, role: "viewer" });
    expect(created.status).toBe(201);
    expect(created.body.invitation).toMatchObject({ email: viewer.email, role: "viewer" });
    const url = new URL(created.body.invitation.url);
    expect(url.origin).toBe(env().appUrl);
    const token = url.pathname.split("/").pop()!;
    const pending = await owner.call<{ invitations: { id: string }[] }>("GET", "/api/invitations");
    expect(pending.body.invitations.map((i) => i.id)).toEqual([created.body.invitation.id]);
    expect(pending.text).not.toContain(token);

    const page = await fetch(`${env().appUrl}/invite/${token}`);
    expect(await page.text()).toMatch(/Join/);

    const accepted = await viewer.call("POST", "/api/invitations/accept", { token });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ role: "viewer" });
    const again = await viewer.call("POST", "/api/invitations/accept", { token });
    expect(again.status).toBe(404);

    const query = `/api/usage?view=totals&start=${end}&end=${end}`;
    const mine = await viewer.call("GET", query);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual((await owner.call("GET", query)).body);
    const addKey = await viewer.call<{ error: { message: string } }>("POST", "/api/keys", adminKeyBody("Nope"));
    expect(addKey.status).toBe(403);
    expect(addKey.body.error.message).toBe("This needs the admin role; you are a viewer.");
    expect((await viewer.call("GET", "/api/invitations")).status).toBe(403);
  });

  it("answers a made-up token with the same 404 as a used one, and refuses the wrong account", async () => {
    const owner = await ApiUser.signUp("inviter2");
    const stranger = await ApiUser.signUp("stranger");
    const unknown = await stranger.call<{ error: { message: string } }>("POST", "/api/invitations/accept", {
      token: "A".repeat(43),
    });
    expect(unknown.status).toBe(404);
    const created = await owner.call<Invitation>("POST", "/api/invitations", {
      email: "someone-else@example.com",
      role: "admin",
    });
    const token = new URL(created.body.invitation.url).pathname.split("/").pop()!;
    const wrong = await stranger.call("POST", "/api/invitations/accept", { token });
    expect(wrong.status).toBe(403);
    const revoke = await owner.call("DELETE", `/api/invitations/${created.body.invitation.id}`);
    expect(revoke.status).toBe(200);
    const revoked = await stranger.call<{ error: { message: string } }>("POST", "/api/invitations/accept", { token });
    expect(revoked.status).toBe(404);
    expect(revoked.body.error.message).toBe(unknown.body.error.message);
    const bad = await owner.call<{ error: { message: string } }>("POST", "/api/invitations", { email: "", role: "x" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/email must be a valid email address/);
  });
});
