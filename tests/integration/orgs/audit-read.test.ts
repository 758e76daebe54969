import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import type { Db, DbHandle } from "@/db/types";
import { isAppError } from "@/lib/errors";
import { recordAudits, type AuditAction } from "@/lib/orgs/audit";
import { AUDIT_CSV_COLUMNS, buildAuditCsv } from "@/lib/orgs/audit-csv";
import type { AuditQuery } from "@/lib/orgs/audit-filters";
import { listAuditEntries, type AuditEntryView } from "@/lib/orgs/audit-list";
import type { Actor } from "@/lib/orgs/types";
import { addTestMember, createTestDb, createTestOrg, createTestUser } from "../test-db";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
let handle: DbHandle;
let db: Db;
let owner: Actor;
let admin: Actor;
let viewer: Actor;
let other: Actor;
let trickyEmail: string;

/** Entries at fixed instants (ISO), so the day filters have edges to test. */
const PLAN: { at: string; action: AuditAction; label: string }[] = [
  { at: "2026-03-01T00:00:00.000Z", action: "key.create", label: "first of March" },
  { at: "2026-03-01T23:59:59.999Z", action: "key.update", label: "last instant of March 1" },
  { at: "2026-03-02T00:00:00.000Z", action: "key.delete", label: "first instant of March 2" },
  { at: "2026-03-02T12:00:00.000Z", action: "key.create", label: '=HYPERLINK("http://evil.example")' },
  { at: "2026-03-03T08:00:00.000Z", action: "member.role_change", label: "role" },
];

async function insertAt(orgId: string, actorUserId: string, at: string, action: AuditAction, label: string) {
  await db.insert(auditLog).values({
    orgId,
    actorUserId,
    action,
    targetType: "provider_key",
    targetId: label,
    requestId: `req-${label.length}`,
    details: { label },
    createdAt: new Date(at),
  });
}

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  const a = await createTestOrg(db, "owner", "audit-a");
  owner = a.actor;
  admin = (await addTestMember(db, a.org, "admin")).actor;
  viewer = (await addTestMember(db, a.org, "viewer")).actor;
  other = (await createTestOrg(db, "owner", "audit-b")).actor;
  // An email a spreadsheet would run as a formula.
  const tricky = await createTestUser(db, "=1+2");
  trickyEmail = tricky.email;
  for (const p of PLAN)
    await insertAt(owner.orgId, p.label.startsWith("=") ? tricky.id : owner.userId, p.at, p.action, p.label);
  // Three entries written by one statement share created_at: only the id orders them.
  await recordAudits(
    db,
    ["one", "two", "three"].map((label) => ({
      orgId: owner.orgId,
      actor: { userId: admin.userId },
      action: "key.test" as const,
      targetType: "provider_key",
      targetId: label,
      details: { label },
    })),
  );
  await insertAt(other.orgId, other.userId, "2026-03-02T10:00:00.000Z", "key.create", "other org's key");
});
afterAll(async () => handle?.close());

const mine = (entries: AuditEntryView[]) => entries.filter((e) => e.action !== "org.create");

async function walk(actor: Actor, query: AuditQuery): Promise<{ entries: AuditEntryView[]; pages: number }> {
  const entries: AuditEntryView[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listAuditEntries(db, actor, { ...query, cursor });
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
    pages++;
    expect(pages).toBeLessThan(50);
  } while (cursor);
  return { entries, pages };
}

describe(`audit log read side on ${DB}`, () => {
  it("is refused to viewers with a 403 naming the role, and open to admins and owners", async () => {
    const refused = await listAuditEntries(db, viewer, {}).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe("FORBIDDEN");
    expect((refused as Error).message).toBe("This needs the admin role; you are a viewer.");
    const csv = await buildAuditCsv(db, viewer, {}).catch((e: unknown) => e);
    expect(isAppError(csv) && csv.code).toBe("FORBIDDEN");
    expect(mine((await listAuditEntries(db, admin, {})).entries)).toHaveLength(PLAN.length + 3);
    expect(mine((await listAuditEntries(db, owner, {})).entries)).toHaveLength(PLAN.length + 3);
  });

  it("lists newest first, ties broken by id, and pages through every entry exactly once", async () => {
    const all = mine((await listAuditEntries(db, owner, { limit: 200 })).entries);
    expect(all.map((e) => e.targetId)).toEqual([
      "three",
      "two",
      "one",
      "role",
      PLAN[3]!.label,
      "first instant of March 2",
      "last instant of March 1",
      "first of March",
    ]);
    const { entries, pages } = await walk(owner, { limit: 2 });
    expect(pages).toBeGreaterThan(3);
    expect(entries.map((e) => e.id)).toEqual(
      (await listAuditEntries(db, owner, { limit: 200 })).entries.map((e) => e.id),
    );
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it("filters by inclusive UTC days and by action, across pages", async () => {
    const march1 = await walk(owner, { start: "2026-03-01", end: "2026-03-01", limit: 1 });
    expect(march1.entries.map((e) => e.targetId)).toEqual(["last instant of March 1", "first of March"]);
    const fromMarch2 = await walk(owner, { start: "2026-03-02", end: "2026-03-03" });
    expect(fromMarch2.entries.map((e) => e.targetId)).toEqual(["role", PLAN[3]!.label, "first instant of March 2"]);
    const creates = await walk(owner, { action: "key.create", limit: 1 });
    expect(creates.entries.map((e) => e.targetId)).toEqual([PLAN[3]!.label, "first of March"]);
    const untilMarch1 = await walk(owner, { end: "2026-03-01", action: "key.update" });
    expect(untilMarch1.entries.map((e) => e.targetId)).toEqual(["last instant of March 1"]);
  });

  it("shows who acted by email, and never another organization's entries or cursor", async () => {
    const { entries } = await walk(owner, {});
    expect(entries.find((e) => e.targetId === "one")).toMatchObject({
      actorEmail: admin.user.email,
      actorUserId: admin.userId,
    });
    expect(entries.some((e) => e.targetId === "other org's key")).toBe(false);
    const theirs = (await listAuditEntries(db, other, {})).entries.find((e) => e.targetId === "other org's key");
    expect(theirs).toBeDefined();
    // Their entry's id as a cursor in our organization matches nothing rather than paging our log.
    expect((await listAuditEntries(db, owner, { cursor: theirs!.id })).entries).toEqual([]);
    expect(mine((await listAuditEntries(db, other, {})).entries)).toHaveLength(1);
  });

  it("exports the same entries as CSV, in the same order, with formula-looking cells neutralized", async () => {
    const filters = { start: "2026-03-01", end: "2026-03-03" };
    const csv = await buildAuditCsv(db, admin, filters);
    const rows = parse(csv, { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
    expect(csv.split("\r\n")[0]).toBe(AUDIT_CSV_COLUMNS.join(","));
    const listed = (await walk(admin, filters)).entries;
    expect(listed.length).toBe(PLAN.length);
    expect(rows.map((r) => r.id)).toEqual(listed.map((e) => e.id));
    const evil = rows.find((r) => r.target_id?.includes("HYPERLINK"))!;
    expect(evil.target_id).toBe(`'${PLAN[3]!.label}`);
    expect(evil.actor_email).toBe(`'${trickyEmail}`);
    expect(JSON.parse(evil.details_json!)).toEqual({ label: PLAN[3]!.label });
    expect(rows.every((r) => r.created_at_utc!.endsWith("Z"))).toBe(true);
  });
});
