import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organizations } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { isAppError } from "@/lib/errors";
import { resolveClerkActor, roleFromClerk } from "@/lib/orgs/clerk";
import { createOrganization, ensurePersonalOrganization } from "@/lib/orgs/create";
import { createTestDb, createTestUser } from "../test-db";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const clerkOrg = () => `org_${Math.random().toString(36).slice(2, 12)}`;

describe(`Clerk organizations mapped onto ours on ${DB}`, () => {
  it("maps Clerk's role names onto ours, unknown roles to the least privilege", () => {
    expect(roleFromClerk("org:owner")).toBe("owner");
    expect(roleFromClerk("org:creator")).toBe("owner");
    expect(roleFromClerk("org:admin")).toBe("admin");
    expect(roleFromClerk("admin")).toBe("admin"); // the session token's bare `o.rol`
    expect(roleFromClerk("org:member")).toBe("viewer");
    expect(roleFromClerk("org:billing_manager")).toBe("viewer");
    expect(roleFromClerk(null)).toBe("viewer");
  });

  it("mirrors the active Clerk organization on first sight and follows role changes", async () => {
    const user = await createTestUser(handle.db, "clerk");
    const orgId = clerkOrg();
    const first = await resolveClerkActor(handle.db, user, { orgId, orgRole: "org:admin", orgSlug: "acme" });
    expect(first).toMatchObject({ role: "admin", via: "clerk", org: { name: "acme", personal: false } });
    const again = await resolveClerkActor(handle.db, user, { orgId, orgRole: "org:member" });
    expect(again.orgId).toBe(first.orgId);
    expect(again.role).toBe("viewer");
    // The membership row follows too: member lists and later requests read it.
    const [membership] = await handle.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, first.orgId), eq(memberships.userId, user.id)));
    expect(membership?.role).toBe("viewer");
    const rows = await handle.db.select().from(organizations).where(eq(organizations.clerkOrgId, orgId));
    expect(rows).toHaveLength(1);

    // A second Clerk user of the same Clerk organization lands in the same organization.
    const colleague = await createTestUser(handle.db, "colleague");
    const theirs = await resolveClerkActor(handle.db, colleague, { orgId, orgRole: "org:admin" });
    expect(theirs.orgId).toBe(first.orgId);
  });

  it("without an active Clerk organization: the personal one, or a local one asked for; never another Clerk one", async () => {
    const user = await createTestUser(handle.db, "clerk-personal");
    const personal = await ensurePersonalOrganization(handle.db, user);
    expect(await resolveClerkActor(handle.db, user, {})).toMatchObject({ orgId: personal.id, role: "owner" });
    const local = await createOrganization(handle.db, { userId: user.id }, { name: "Local team" });
    expect(await resolveClerkActor(handle.db, user, {}, local.id)).toMatchObject({ orgId: local.id });
    const clerkSeen = await resolveClerkActor(handle.db, user, { orgId: clerkOrg(), orgRole: "org:admin" });
    for (const claims of [{}, { orgId: clerkOrg(), orgRole: "org:admin" }]) {
      const err = await resolveClerkActor(handle.db, user, claims, clerkSeen.orgId).catch((e: unknown) => e);
      expect(isAppError(err) && err.code).toBe("NOT_FOUND");
    }
  });
});
