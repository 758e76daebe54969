/**
 * Issue 13, admin sync over HTTP: the emulator's OpenAI admin listings change between syncs
 * (additions, renames, removals of several kinds) and a listing fails on its second page; the
 * cut-off sync deletes nothing, and the rerun leaves provider_catalog equal to the emulator's state,
 * removed objects soft-deleted, nothing duplicated, every cursor complete.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import type { Organization } from "../../../scripts/emulator/types";
import { providerAccounts, providerSyncCursors } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { createTestDb } from "../test-db";
import { catalogRows, control, emulatorState, live, makeCatalogStale, sorted, sync } from "./admin-sync-helpers";
import { DATASET, orgWithAdminKey } from "./harness";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  // Two objects a page: every listing of more than two objects is paged, so a failure can land mid-listing.
  emulator = await startEmulator({
    dataset: generateDataset({ ...DATASET, archivedProjects: 1 }),
    port: 0,
    maxAdminPageSize: 2,
  });
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

describe("admin sync against the emulator over HTTP", () => {
  it("after changes and a page failure mid-listing, the rerun leaves the tables equal to the emulator's state", async () => {
    // From the generated listings, with no fault left over (a retried attempt starts clean).
    expect((await control(emulator, "DELETE", "/admin/changes")).status).toBe(200);
    expect((await control(emulator, "DELETE", "/faults")).status).toBe(200);
    const { orgId } = await orgWithAdminKey(handle.db, emulator, undefined, "admin sync");
    const org = emulator.dataset.organizations[0]!;

    expect(await sync(handle.db, emulator, orgId)).not.toContain("CATALOG_INCOMPLETE");
    const [account] = await handle.db.select().from(providerAccounts).where(eq(providerAccounts.orgId, orgId));
    const accountId = account!.id;
    const initial = emulatorState(org);
    expect(initial.size).toBeGreaterThan(20);
    expect(sorted(live(await catalogRows(handle.db, accountId)))).toEqual(sorted(initial));

    const [p0, p1] = org.projects;
    const archived = org.projects.find((p) => p.status === "archived")!;
    const p0Keys = org.projectApiKeys.get(p0!.id)!;
    const archivedKeys = org.projectApiKeys.get(archived.id)!.map((k) => k.id);
    const inactiveCert = org.certificates.find((c) => !c.active)!;
    const secondAdminKey = org.adminApiKeys[1]!;
    const member = org.projectUsers.get(p0!.id)![0]!;
    const p0Sa = org.serviceAccounts.get(p0!.id)![0]!;
    const [k0, k1, k2] = p0Keys;
    const changed = await control(emulator, "POST", "/admin/changes", {
      add: [
        { kind: "project", name: "Added Project" },
        // After removing k1, p0 lists [k0, k2, added]: the added key is alone on the second page.
        { kind: "api_key", projectId: p0!.id, name: "Added key" },
        { kind: "service_account", projectId: p1!.id, name: "Added robot" },
        { kind: "admin_api_key", name: "Added admin key" },
        { kind: "certificate", name: "Added certificate" },
      ],
      rename: [
        { kind: "project", id: p1!.id, name: "Renamed Project" },
        { kind: "api_key", id: k0!.id, name: "Renamed key" },
        { kind: "user", id: member.id, name: "Renamed Person" },
        { kind: "service_account", id: p0Sa.id, name: "Renamed robot" },
      ],
      remove: [
        { kind: "api_key", id: k1!.id },
        { kind: "certificate", id: inactiveCert.id },
        { kind: "admin_api_key", id: secondAdminKey.id },
        // Its API keys go with it.
        { kind: "project", id: archived.id },
      ],
    });
    expect(changed.status).toBe(200);
    const addedIds = (changed.body.added as { kind: string; id: string }[]).map((a) => `${a.kind}:${a.id}`);
    expect(addedIds).toHaveLength(5);
    const removedIds = [
      `api_key:${k1!.id}`,
      `certificate:${inactiveCert.id}`,
      `admin_api_key:${secondAdminKey.id}`,
      `project:${archived.id}`,
      ...archivedKeys.map((id) => `api_key:${id}`),
    ];

    // The second page of p0's API keys fails (every retry); the first page is served.
    const keysPath = `/v1/organization/projects/${p0!.id}/api_keys`;
    expect(
      (await control(emulator, "POST", "/faults", { key: "*", fault: "server_error", path: keysPath, skip: 1 })).status,
    ).toBe(200);
    await makeCatalogStale(handle.db, accountId);
    expect(await sync(handle.db, emulator, orgId)).toContain("CATALOG_INCOMPLETE");
    const cut = await catalogRows(handle.db, accountId);
    const cutLive = live(cut);
    // What was listed before the failure is stored; nothing is deleted, nothing not yet listed is there.
    expect(cutLive.get(`project:${p1!.id}`)).toBe("Renamed Project");
    expect(cutLive.get(`api_key:${k0!.id}`)).toBe("Renamed key");
    expect(cut.filter((r) => r.deletedAt !== null)).toEqual([]);
    for (const id of removedIds) expect(cutLive.has(id), id).toBe(true);
    expect(cutLive.has(addedIds[1]!)).toBe(false);
    const [keysCursor] = await handle.db
      .select()
      .from(providerSyncCursors)
      .where(
        and(
          eq(providerSyncCursors.accountId, accountId),
          eq(providerSyncCursors.endpoint, `/organization/projects/${p0!.id}/api_keys`),
        ),
      );
    expect(keysCursor!.after).toBe(k2!.id);
    expect(keysCursor!.errorCount).toBeGreaterThan(0);

    // The rerun, fault cleared, resumes p0's API keys from the cursor and does not list p0's members again.
    expect((await control(emulator, "DELETE", "/faults")).status).toBe(200);
    await control(emulator, "DELETE", "/requests");
    expect(await sync(handle.db, emulator, orgId)).not.toContain("CATALOG_INCOMPLETE");
    const requested = emulator.requestLog.map((r) => r.path);
    const keysRequests = requested.filter((p) => p.startsWith(`${keysPath}?`));
    expect(keysRequests.map((p) => new URL(p, emulator.origin).searchParams.get("after"))).toEqual([k2!.id]);
    expect(requested.some((p) => p.startsWith(`/v1/organization/projects/${p0!.id}/users`))).toBe(false);

    const rows = await catalogRows(handle.db, accountId);
    const expected = emulatorState(org);
    expect(sorted(live(rows))).toEqual(sorted(expected));
    for (const id of addedIds) expect(expected.has(id), id).toBe(true);
    expect(live(rows).get(`user:${member.id}`)).toBe("Renamed Person");
    expect(live(rows).get(`service_account:${p0Sa.id}`)).toBe("Renamed robot");
    // Removed objects are soft-deleted: still there, with deleted_at set.
    const byId = new Map(rows.map((r) => [`${r.kind}:${r.externalId}`, r]));
    for (const id of removedIds) expect(byId.get(id)?.deletedAt, id).toBeInstanceOf(Date);
    expect(rows.filter((r) => r.deletedAt !== null)).toHaveLength(removedIds.length);
    // Nothing duplicated.
    expect(byId.size).toBe(rows.length);

    const cursors = await handle.db
      .select()
      .from(providerSyncCursors)
      .where(eq(providerSyncCursors.accountId, accountId));
    expect(cursors.length).toBeGreaterThan(10);
    for (const c of cursors) {
      expect(c.after, c.endpoint).toBeNull();
      expect(c.errorCount, c.endpoint).toBe(0);
      expect(c.lastSuccessAt, c.endpoint).toBeInstanceOf(Date);
    }
    expect(cursors.find((c) => c.endpoint === "*")!.listingStartedAt).toBeNull();
  });
});

describe("a cursor whose object is gone", () => {
  it("lists that endpoint again from its start instead of failing every round", async () => {
    expect((await control(emulator, "DELETE", "/admin/changes")).status).toBe(200);
    expect((await control(emulator, "DELETE", "/faults")).status).toBe(200);
    const { orgId } = await orgWithAdminKey(handle.db, emulator, undefined, "cursor gone");
    const org = emulator.dataset.organizations[0]!;
    expect(await sync(handle.db, emulator, orgId)).not.toContain("CATALOG_INCOMPLETE");
    const [account] = await handle.db.select().from(providerAccounts).where(eq(providerAccounts.orgId, orgId));
    const accountId = account!.id;
    const project = org.projects[1]!;
    const keysPath = `/v1/organization/projects/${project.id}/api_keys`;
    expect(
      (await control(emulator, "POST", "/faults", { key: "*", fault: "server_error", path: keysPath, skip: 1 })).status,
    ).toBe(200);
    await makeCatalogStale(handle.db, accountId);
    expect(await sync(handle.db, emulator, orgId)).toContain("CATALOG_INCOMPLETE");
    const [cursor] = await handle.db
      .select()
      .from(providerSyncCursors)
      .where(
        and(
          eq(providerSyncCursors.accountId, accountId),
          eq(providerSyncCursors.endpoint, `/organization/projects/${project.id}/api_keys`),
        ),
      );
    // The cut-off cursor names the second key; that key is deleted before the rerun (OpenAI then refuses `after`).
    const cursorKey = org.projectApiKeys.get(project.id)![1]!;
    expect(cursor!.after).toBe(cursorKey.id);
    expect((await control(emulator, "DELETE", "/faults")).status).toBe(200);
    const removed = await control(emulator, "POST", "/admin/changes", {
      remove: [{ kind: "api_key", id: cursorKey.id }],
    });
    expect(removed.status).toBe(200);

    expect(await sync(handle.db, emulator, orgId)).not.toContain("CATALOG_INCOMPLETE");
    // The round began with the cut-off sync, which saw the key: it goes at the next complete round.
    const key = async () =>
      (await catalogRows(handle.db, accountId)).find((r) => r.kind === "api_key" && r.externalId === cursorKey.id);
    expect((await key())?.deletedAt).toBeNull();
    await makeCatalogStale(handle.db, accountId);
    expect(await sync(handle.db, emulator, orgId)).not.toContain("CATALOG_INCOMPLETE");
    expect(sorted(live(await catalogRows(handle.db, accountId)))).toEqual(sorted(emulatorState(org)));
    expect((await key())?.deletedAt).toBeInstanceOf(Date);
    const cursors = await handle.db
      .select()
      .from(providerSyncCursors)
      .where(eq(providerSyncCursors.accountId, accountId));
    expect(cursors.filter((c) => c.after !== null || c.errorCount !== 0)).toEqual([]);
  });
});

describe("the admin changes control", () => {
  it("refuses bad bodies with a 400 (OpenAI and Anthropic), applies nothing of a failed change, and DELETE restores the generated listings", async () => {
    const other = await startEmulator({ dataset: generateDataset({ ...DATASET, seed: 777 }), port: 0 });
    try {
      const call = async (method: string, body?: string) => {
        const response = await fetch(`${other.origin}/__emulator/admin/changes`, { method, body });
        return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
      };
      const org = other.dataset.organizations[0]!;
      const before = JSON.stringify(emulatorStateOf(org));

      expect((await call("POST", "{not json")).status).toBe(400);
      const badKind = await call("POST", JSON.stringify({ add: [{ kind: "robot", name: "x" }] }));
      expect(badKind.status).toBe(400);
      expect(badKind.body.error?.message).toContain("add.0.kind");
      expect((await call("POST", JSON.stringify({ add: [{ kind: "api_key", name: "no project" }] }))).status).toBe(400);
      // The rename is valid, the removal is not: neither is applied.
      const partly = await call(
        "POST",
        JSON.stringify({
          rename: [{ kind: "project", id: org.projects[0]!.id, name: "Should not stick" }],
          remove: [{ kind: "certificate", id: "cert_missing" }],
        }),
      );
      expect(partly.status).toBe(400);
      expect(partly.body.error?.message).toContain("cert_missing");
      expect(JSON.stringify(emulatorStateOf(org))).toBe(before);

      const applied = await call(
        "POST",
        JSON.stringify({ rename: [{ kind: "project", id: org.projects[0]!.id, name: "Sticks" }] }),
      );
      expect(applied.status).toBe(200);
      expect(org.projects[0]!.name).toBe("Sticks");
      expect((await call("DELETE")).status).toBe(200);
      expect(JSON.stringify(emulatorStateOf(other.dataset.organizations[0]!))).toBe(before);

      // The Anthropic control: same rules, Anthropic's kinds.
      const anthropic = async (body: unknown) =>
        (
          await fetch(`${other.origin}/__emulator/anthropic/admin/changes`, {
            method: "POST",
            body: JSON.stringify(body),
          })
        ).status;
      const workspace = other.dataset.anthropic!.organizations[0]!.workspaces[0]!;
      expect(await anthropic({ add: [{ kind: "project", name: "x" }] })).toBe(400);
      expect(await anthropic({ remove: [{ kind: "user", id: "user_missing" }] })).toBe(400);
      expect(await anthropic({ rename: [{ kind: "workspace", id: workspace.id, name: "Renamed" }] })).toBe(200);
      expect(other.dataset.anthropic!.organizations[0]!.workspaces[0]!.name).toBe("Renamed");
    } finally {
      await other.close();
    }
  });
});

const emulatorStateOf = (org: Organization) => sorted(emulatorState(org));
