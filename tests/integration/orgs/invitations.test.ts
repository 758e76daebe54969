import { randomInt } from "node:crypto";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, memberships, rateLimits } from "@/db/schema";
import type { Db, DbHandle } from "@/db/types";
import { hashSecret } from "@/lib/crypto/secret-token";
import { resetConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { configureLogger } from "@/lib/logger";
import { acceptInvitation, previewInvitation } from "@/lib/orgs/invitations/accept";
import { createInvitation } from "@/lib/orgs/invitations/create";
import { listPendingInvitations } from "@/lib/orgs/invitations/list";
import { revokeInvitation } from "@/lib/orgs/invitations/revoke";
import { createInvitationSchema } from "@/lib/orgs/invitations/schemas";
import type { Role } from "@/lib/orgs/roles";
import type { Actor } from "@/lib/orgs/types";
import { rateLimitBucket } from "@/lib/rate-limit/request-limiter";
import { requestPolicy } from "@/lib/rate-limit/request-policies";
import { TEST_ENV } from "../setup-env";
import { addTestMember, createTestDb, createTestOrg, createTestUser } from "../test-db";
import { dumpAllTables } from "./dump";

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => handle?.close());

/** A fresh documentation-range address per call: each test has its own accept budget. */
const address = () => `198.51.100.${randomInt(1, 255)}`;

const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

async function failure(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

/** A person who has an account but is not yet in the organization. */
async function invitee(label = "invitee") {
  const user = await createTestUser(db, label);
  return { id: user.id, email: user.email, name: null };
}

async function invite(actor: Actor, email: string, role: Role = "viewer") {
  return createInvitation(db, actor, createInvitationSchema.parse({ email, role }));
}

const accept = (user: { id: string; email: string; name: string | null }, token: string, clientAddress = address()) =>
  acceptInvitation(db, user, token, { clientAddress });

describe(`invitations on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("joins once with the invited role; the link then stops working and only its hash was ever stored", async () => {
    const { actor, org } = await createTestOrg(db, "owner");
    const person = await invitee();
    const created = await invite(actor, person.email.toUpperCase(), "viewer");
    expect(created).toMatchObject({ email: person.email, role: "viewer", emailSent: false });
    expect(created.url).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(created.url);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const [row] = await db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(row!.tokenHash).toBe(hashSecret(token));
    const dump = await dumpAllTables(db);
    expect(dump).toContain(row!.tokenHash);
    expect(dump).not.toContain(token);

    expect(await previewInvitation(db, token)).toMatchObject({
      orgName: org.name,
      role: "viewer",
      maskedEmail: `${person.email[0]}***@test.example`,
      invitedBy: actor.user.email,
    });
    expect((await listPendingInvitations(db, actor)).map((i) => i.id)).toEqual([created.id]);

    const joined = await accept(person, token);
    expect(joined).toEqual({ organization: org, role: "viewer" });
    const [membership] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, person.id)));
    expect(membership!.role).toBe("viewer");

    const again = await failure(accept(person, token));
    expect(again.code).toBe("NOT_FOUND");
    expect(await previewInvitation(db, token)).toBeNull();
    expect(await listPendingInvitations(db, actor)).toEqual([]);

    const audit = await db.select().from(auditLog).where(eq(auditLog.orgId, org.id)).orderBy(auditLog.id);
    expect(audit.map((a) => [a.action, a.actorUserId, a.targetId])).toEqual([
      ["member.invite", actor.userId, created.id],
      ["member.join", person.id, person.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("lets only one of two simultaneous accepts through", async () => {
    const { actor, org } = await createTestOrg(db, "owner");
    const person = await invitee("racer");
    const token = tokenOf((await invite(actor, person.email)).url);
    const results = await Promise.allSettled([accept(person, token), accept(person, token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(isAppError(rejected.reason) && rejected.reason.code).toBe("NOT_FOUND");
    const rows = await db.select().from(memberships).where(eq(memberships.orgId, org.id));
    expect(rows.filter((r) => r.userId === person.id)).toHaveLength(1);
  });

  it("answers used, expired, revoked and unknown links with the same 404", async () => {
    const { actor } = await createTestOrg(db, "admin");
    const used = await invitee("used");
    const usedToken = tokenOf((await invite(actor, used.email)).url);
    await accept(used, usedToken);

    const late = await invitee("late");
    const lateInvite = await invite(actor, late.email);
    await db
      .update(invitations)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(invitations.id, lateInvite.id));

    const dropped = await invitee("dropped");
    const droppedInvite = await invite(actor, dropped.email);
    await revokeInvitation(db, actor, droppedInvite.id);

    const cases: [typeof used, string][] = [
      [used, usedToken],
      [late, tokenOf(lateInvite.url)],
      [dropped, tokenOf(droppedInvite.url)],
      [late, "A".repeat(43)],
      [late, "not-a-token"],
    ];
    const errors = await Promise.all(cases.map(([who, token]) => failure(accept(who, token))));
    expect(errors).toHaveLength(5);
    for (const e of errors) {
      expect(e.code).toBe("NOT_FOUND");
      expect(e.message).toBe(errors[0]!.message);
    }
    expect(errors[0]!.message).toMatch(/not valid/);
    for (const [, token] of cases) expect(await previewInvitation(db, token)).toBeNull();
    expect(await listPendingInvitations(db, actor)).toEqual([]);
  });

  it("refuses a signed-in account whose email is not the invited one, and keeps the invitation for the right one", async () => {
    const { actor, org } = await createTestOrg(db, "owner");
    const right = await invitee("right");
    const wrong = await invitee("wrong");
    const token = tokenOf((await invite(actor, right.email, "admin")).url);
    const err = await failure(accept(wrong, token));
    expect(err.code).toBe("FORBIDDEN");
    expect(err.message).toContain(`signed in as ${wrong.email}`);
    expect(err.message).not.toContain(right.email);
    const rows = await db.select().from(memberships).where(eq(memberships.orgId, org.id));
    expect(rows.map((r) => r.userId)).not.toContain(wrong.id);
    expect((await accept(right, token)).role).toBe("admin");
  });

  it("lets admins invite but not invite owners, viewers not at all; owners may invite owners", async () => {
    const { actor: owner, org } = await createTestOrg(db, "owner");
    const { actor: admin } = await addTestMember(db, org, "admin");
    const { actor: viewer } = await addTestMember(db, org, "viewer");
    const adminOwner = await failure(invite(admin, "boss@test.example", "owner"));
    expect(adminOwner.code).toBe("FORBIDDEN");
    expect(adminOwner.message).toBe("Only an owner can invite an owner; you are an admin.");
    expect((await failure(invite(viewer, "x@test.example"))).message).toBe(
      "This needs the admin role; you are a viewer.",
    );
    expect((await failure(listPendingInvitations(db, viewer))).code).toBe("FORBIDDEN");
    expect((await invite(admin, "helper@test.example", "admin")).role).toBe("admin");
    const boss = await invitee("boss");
    const made = await invite(owner, boss.email, "owner");
    expect((await accept(boss, tokenOf(made.url))).role).toBe("owner");
  });

  it("refuses a second pending invitation for one address and inviting a member, in plain words", async () => {
    const { actor, user } = await createTestOrg(db, "owner");
    const first = await invite(actor, "twice@test.example");
    expect((await failure(invite(actor, "Twice@test.example"))).message).toBe(
      "twice@test.example already has a pending invitation. Revoke it first to send a new link.",
    );
    const member = await failure(invite(actor, user.email));
    expect(member.code).toBe("CONFLICT");
    expect(member.message).toBe(`${user.email} is already a member of this organization.`);
    await revokeInvitation(db, actor, first.id);
    expect((await invite(actor, "twice@test.example")).id).not.toBe(first.id);
  });

  it("keeps invitations to their organization: revoking another's is a 404 and audited only where it happened", async () => {
    const { actor, org } = await createTestOrg(db, "owner");
    const { actor: stranger } = await createTestOrg(db, "owner");
    const made = await invite(actor, "target@test.example");
    expect((await failure(revokeInvitation(db, stranger, made.id))).code).toBe("NOT_FOUND");
    expect(await listPendingInvitations(db, stranger)).toEqual([]);
    await revokeInvitation(db, actor, made.id);
    expect((await failure(revokeInvitation(db, actor, made.id))).code).toBe("NOT_FOUND");
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.targetId, made.id)))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(["member.invite", "invitation.revoke"]);
    expect(audit[1]!.details).toEqual({ email: "target@test.example", role: "viewer" });
  });

  it("limits accepts per client address with a 429", async () => {
    const { actor } = await createTestOrg(db, "owner");
    const person = await invitee("limited");
    const token = tokenOf((await invite(actor, person.email)).url);
    const from = address();
    await failure(accept(person, "A".repeat(43), from));
    const policy = requestPolicy("invitationAcceptPerAddress");
    const filled = await db
      .update(rateLimits)
      .set({ hits: policy.attempts })
      .where(eq(rateLimits.bucket, rateLimitBucket(policy, from)))
      .returning();
    expect(filled).toHaveLength(1);
    const limited = await failure(accept(person, token, from));
    expect(limited.code).toBe("RATE_LIMITED");
    expect(limited.message).toMatch(/^Too many invitation attempts from your network\./);
    // The refused attempt did not use the link up.
    expect((await accept(person, token, address())).role).toBe("viewer");
  });
});

describe("invitation mail", () => {
  let server: SMTPServer;
  const received: { to: string[]; data: string }[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        let data = "";
        stream.on("data", (c: Buffer) => (data += c.toString()));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.server.address() as AddressInfo;
    resetConfig({ ...TEST_ENV, SMTP_URL: `smtp://127.0.0.1:${port}`, APP_URL: "https://ct.example.com" });
  });
  afterAll(async () => {
    resetConfig(TEST_ENV);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it("mails the link to the invited address when SMTP is configured", async () => {
    const { actor, org } = await createTestOrg(db, "owner");
    const created = await invite(actor, "mailed@test.example", "admin");
    expect(created.emailSent).toBe(true);
    expect(created.url).toMatch(/^https:\/\/ct\.example\.com\/invite\//);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(["mailed@test.example"]);
    const body = received[0]!.data.replace(/=\r?\n/g, "");
    expect(body).toContain(created.url);
    expect(body).toContain(`join ${org.name} on CogniTrack as an admin`);
    expect(body).toMatch(/^From: CogniTrack <no-reply@ct\.example\.com>/m);
  });

  it("still creates the invitation (link shown, emailSent false) when the mail server is gone", async () => {
    resetConfig({ ...TEST_ENV, SMTP_URL: "smtp://127.0.0.1:1" });
    const lines: string[] = [];
    configureLogger({ sink: (l) => lines.push(l) });
    try {
      const { actor } = await createTestOrg(db, "owner");
      const created = await invite(actor, "unmailed@test.example");
      expect(created.emailSent).toBe(false);
      expect(await listPendingInvitations(db, actor)).toHaveLength(1);
      // The failure is logged for the operator, without the link (a credential).
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "invitation mail not sent", invitationId: created.id });
      expect(lines[0]).not.toContain(tokenOf(created.url));
    } finally {
      configureLogger({ sink: (l) => process.stderr.write(l + "\n") });
      const { port } = server.server.address() as AddressInfo;
      resetConfig({ ...TEST_ENV, SMTP_URL: `smtp://127.0.0.1:${port}`, APP_URL: "https://ct.example.com" });
    }
  });
});
