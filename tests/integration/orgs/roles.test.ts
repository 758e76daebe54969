import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, memberships, organizations, providerAccounts } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { deleteAccount } from "@/lib/accounts/delete";
import { listAccounts } from "@/lib/accounts/list";
import { getUsageTotals, runUsageQuery, usageQuerySchema } from "@/lib/analytics";
import { exportUsageCsv } from "@/lib/analytics/csv";
import { isAppError } from "@/lib/errors";
import { ingestForActor } from "@/lib/ingestion/for-actor";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { testProviderKey } from "@/lib/keys/test";
import { resolveSessionActor } from "@/lib/orgs/actor";
import { recordSignIn } from "@/lib/orgs/audit";
import { createOrganization, ensurePersonalOrganization } from "@/lib/orgs/create";
import { listMyOrganizations } from "@/lib/orgs/list";
import { changeMemberRole, listMembers, removeMember } from "@/lib/orgs/members";
import { can, PERMISSIONS, ROLES } from "@/lib/orgs/roles";
import { deleteOrganization, renameOrganization } from "@/lib/orgs/update";
import { store, generateRecords } from "../analytics/fixture";
import { addTestMember, createTestDb, createTestOrg, createTestUser } from "../test-db";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

async function failure(p: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return { code: isAppError(err) ? err.code : err, message: err instanceof Error ? err.message : "" };
}

const adminKey = (label = "Prod") =>
  createKeySchema.parse({
    provider: "openai",
    label,
    apiKey: "sk-admin-TESTONLYnotarealkey0000000000wxyz",
    usageMode: "admin",
    organizationId: "org-roles",
    projectId: "proj_1",
  });

describe(`roles matrix on ${DB}`, () => {
  it("orders the roles: each holds its own permissions and those below it", () => {
    for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      const allowed = ROLES.filter((r) => can(r, permission));
      expect(allowed.length).toBeGreaterThan(0);
      expect(allowed).toEqual(ROLES.slice(ROLES.indexOf(PERMISSIONS[permission])));
    }
    expect(can("viewer", "usage:export")).toBe(true);
    expect(can("viewer", "keys:write")).toBe(false);
    expect(can("admin", "ingest:write")).toBe(true);
    expect(can("admin", "members:write")).toBe(false);
    expect(can("owner", "org:delete")).toBe(true);
  });

  it("viewers read analytics and export, but Refresh/ingest and key tests are refused naming the role", async () => {
    const { org, actor: owner } = await createTestOrg(handle.db);
    const { key } = await createKey(handle.db, owner, adminKey());
    await store(handle.db, { orgId: org.id, accountId: key.accountId }, generateRecords(3, 5, "2025-05-01"));
    const { actor: viewer } = await addTestMember(handle.db, org, "viewer");
    const range = { start: "2025-05-01", end: "2025-05-05" };
    const totals = await runUsageQuery(handle.db, viewer, usageQuerySchema.parse({ ...range, view: "totals" }));
    expect(totals).toMatchObject({ view: "totals" });
    expect((totals as { totals: { current: { requests: number } } }).totals.current.requests).toBeGreaterThan(0);
    const csv = await new Response(await exportUsageCsv(handle.db, viewer, range)).text();
    expect(csv.trim().split("\r\n").length).toBeGreaterThan(1);

    for (const attempt of [
      ingestForActor(handle.db, viewer, { trigger: "refresh" }),
      testProviderKey(handle.db, viewer, key.id),
    ]) {
      expect(await failure(attempt)).toEqual({
        code: "FORBIDDEN",
        message: "This needs the admin role; you are a viewer.",
      });
    }
    expect(await failure(deleteAccount(handle.db, viewer, key.accountId, { confirm: "Prod" }))).toEqual({
      code: "FORBIDDEN",
      message: "This needs the owner role; you are a viewer.",
    });
  });

  it("only owners delete an account, with its label typed; another organization's account is a 404", async () => {
    const { org, actor: owner } = await createTestOrg(handle.db);
    const { key } = await createKey(handle.db, owner, adminKey("Production org"));
    await store(handle.db, { orgId: org.id, accountId: key.accountId }, generateRecords(4, 5, "2025-06-01"));
    const range = { start: "2025-06-01", end: "2025-06-05" };
    const { actor: admin } = await addTestMember(handle.db, org, "admin");
    expect(await failure(deleteAccount(handle.db, admin, key.accountId, { confirm: "Production org" }))).toEqual({
      code: "FORBIDDEN",
      message: "This needs the owner role; you are an admin.",
    });
    const stranger = await createTestOrg(handle.db);
    expect((await failure(deleteAccount(handle.db, stranger.actor, key.accountId, { confirm: "x" }))).code).toBe(
      "NOT_FOUND",
    );
    const wrong = await failure(deleteAccount(handle.db, owner, key.accountId, { confirm: "production" }));
    expect(wrong.code).toBe("VALIDATION_FAILED");
    expect(wrong.message).toContain('"Production org"');
    expect((await getUsageTotals(handle.db, org.id, range)).current.requests).toBeGreaterThan(0);

    const deleted = await deleteAccount(handle.db, owner, key.accountId, { confirm: " Production org " });
    expect(deleted).toMatchObject({ id: key.accountId, deleted: true, keys: 1 });
    expect(deleted.usageRows).toBeGreaterThan(0);
    expect((await getUsageTotals(handle.db, org.id, range)).current.requests).toBe(0);
    expect(await listAccounts(handle.db, owner)).toEqual([]);
    const [audit] = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "account.delete")));
    expect(audit).toMatchObject({ actorUserId: owner.userId, targetId: key.accountId });
  });
});

describe(`members on ${DB}`, () => {
  it("owners change roles and remove members; admins cannot; another organization's member is a 404", async () => {
    const { org, actor: owner } = await createTestOrg(handle.db);
    const { user: member } = await addTestMember(handle.db, org, "viewer");
    const { actor: admin } = await addTestMember(handle.db, org, "admin");
    expect(await failure(changeMemberRole(handle.db, admin, member.id, "admin"))).toEqual({
      code: "FORBIDDEN",
      message: "This needs the owner role; you are an admin.",
    });
    expect((await failure(removeMember(handle.db, admin, member.id))).code).toBe("FORBIDDEN");

    expect(await changeMemberRole(handle.db, owner, member.id, "admin")).toMatchObject({
      userId: member.id,
      role: "admin",
    });
    const outsider = await createTestUser(handle.db, "outsider");
    expect((await failure(changeMemberRole(handle.db, owner, outsider.id, "admin"))).code).toBe("NOT_FOUND");
    const elsewhere = await createTestOrg(handle.db);
    expect((await failure(removeMember(handle.db, owner, elsewhere.user.id))).code).toBe("NOT_FOUND");

    expect(await removeMember(handle.db, owner, member.id)).toEqual({ userId: member.id, removed: true, left: false });
    expect((await listMembers(handle.db, owner)).map((m) => m.role).sort()).toEqual(["admin", "owner"]);
    const actions = await handle.db
      .select({ action: auditLog.action, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.orgId, org.id));
    expect(actions.map((a) => a.action)).toEqual(["member.role_change", "member.remove"]);
    expect(actions[0]!.details).toMatchObject({ from: "viewer", to: "admin" });
  });

  it("the last owner cannot be demoted, removed or leave (409); with a second owner they can", async () => {
    const { org, actor: owner, user } = await createTestOrg(handle.db);
    const demote = await failure(changeMemberRole(handle.db, owner, user.id, "admin"));
    expect(demote.code).toBe("CONFLICT");
    expect(demote.message).toMatch(/only owner.*another member an owner first/);
    const leave = await failure(removeMember(handle.db, owner, user.id));
    expect(leave.code).toBe("CONFLICT");
    expect(leave.message).toMatch(/only owner, so you cannot leave/);

    const { user: second, actor: viewer } = await addTestMember(handle.db, org, "viewer");
    // Anyone may leave: a viewer needs no permission to remove themselves.
    expect(await removeMember(handle.db, viewer, second.id)).toEqual({ userId: second.id, removed: true, left: true });
    const { user: heir } = await addTestMember(handle.db, org, "admin");
    await changeMemberRole(handle.db, owner, heir.id, "owner");
    expect(await changeMemberRole(handle.db, owner, user.id, "viewer")).toMatchObject({ role: "viewer" });
    const roles = await handle.db.select().from(memberships).where(eq(memberships.orgId, org.id));
    expect(roles.map((r) => r.role).sort()).toEqual(["owner", "viewer"]);
  });
});

describe(`organizations and the current one on ${DB}`, () => {
  it("resolves the header, then the session's choice, then the personal organization", async () => {
    const user = await createTestUser(handle.db, "switcher");
    const personal = await ensurePersonalOrganization(handle.db, user);
    expect((await ensurePersonalOrganization(handle.db, user)).id).toBe(personal.id); // only one, ever
    const team = await createOrganization(handle.db, { userId: user.id }, { name: "Team" });
    const someoneElses = await createTestOrg(handle.db);

    expect(await resolveSessionActor(handle.db, user)).toMatchObject({ orgId: personal.id, role: "owner" });
    expect(await resolveSessionActor(handle.db, user, { sessionOrgId: team.id })).toMatchObject({ orgId: team.id });
    expect(
      await resolveSessionActor(handle.db, user, { sessionOrgId: personal.id, requestedOrgId: team.id.toUpperCase() }),
    ).toMatchObject({ orgId: team.id });
    for (const requestedOrgId of [someoneElses.org.id, "not-a-uuid"]) {
      expect((await failure(resolveSessionActor(handle.db, user, { requestedOrgId }))).code).toBe("NOT_FOUND");
    }
    // A session still pointing at an organization the user left falls back to the personal one.
    expect(await resolveSessionActor(handle.db, user, { sessionOrgId: someoneElses.org.id })).toMatchObject({
      orgId: personal.id,
    });

    const mine = await listMyOrganizations(handle.db, { userId: user.id, orgId: team.id, role: "owner" });
    expect(mine.map((o) => [o.name, o.personal, o.role, o.current])).toEqual([
      [personal.name, true, "owner", false],
      ["Team", false, "owner", true],
    ]);
  });

  it("a user without any organization gets a personal one on first sight", async () => {
    const user = await createTestUser(handle.db, "orphan");
    const actor = await resolveSessionActor(handle.db, user);
    expect(actor).toMatchObject({ role: "owner", org: { personal: true, name: user.email } });
  });

  it("owners rename the organization; admins cannot; every action is in the audit log, sign-in in each org", async () => {
    const { org, actor: owner, user } = await createTestOrg(handle.db);
    const { actor: admin } = await addTestMember(handle.db, org, "admin");
    expect((await failure(renameOrganization(handle.db, admin, { name: "Nope" }))).code).toBe("FORBIDDEN");
    expect(await renameOrganization(handle.db, owner, { name: "Renamed" }, { requestId: "req-1" })).toMatchObject({
      name: "Renamed",
    });
    const second = await createOrganization(handle.db, { userId: user.id }, { name: "Second" });
    await recordSignIn(handle.db, user.id, { requestId: "req-2" });
    const rows = await handle.db.select().from(auditLog).where(eq(auditLog.actorUserId, user.id));
    const summary = rows.map((r) => [r.orgId, r.action, r.requestId]).sort();
    expect(summary).toEqual(
      [
        [org.id, "org.rename", "req-1"],
        [org.id, "auth.sign_in", "req-2"],
        [second.id, "org.create", null],
        [second.id, "auth.sign_in", "req-2"],
      ].sort(),
    );
  });

  it("owners delete a team organization with everything in it, after typing its name; never a personal one", async () => {
    const { org, actor: owner } = await createTestOrg(handle.db, "owner", "doomed");
    const { key } = await createKey(handle.db, owner, adminKey());
    const { actor: admin } = await addTestMember(handle.db, org, "admin");
    expect((await failure(deleteOrganization(handle.db, admin, { confirm: org.name }))).code).toBe("FORBIDDEN");
    const wrong = await failure(deleteOrganization(handle.db, owner, { confirm: "doomed" }));
    expect(wrong.code).toBe("VALIDATION_FAILED");
    expect(wrong.message).toContain(org.name);
    expect(await deleteOrganization(handle.db, owner, { confirm: org.name })).toEqual({ id: org.id, deleted: true });
    expect(await handle.db.select().from(organizations).where(eq(organizations.id, org.id))).toEqual([]);
    expect(await handle.db.select().from(providerAccounts).where(eq(providerAccounts.id, key.accountId))).toEqual([]);

    const user = await createTestUser(handle.db, "keeper");
    const personal = await ensurePersonalOrganization(handle.db, user);
    const mine = { userId: user.id, orgId: personal.id, role: "owner" as const };
    expect((await failure(deleteOrganization(handle.db, mine, { confirm: personal.name }))).code).toBe("CONFLICT");
  });
});
