/**
 * Issue 13, admin sync over HTTP, Anthropic: workspaces, API keys and users change between syncs and
 * the API key listing fails on its second page. Anthropic's listing is stored whole, so the cut-off
 * sync changes nothing; the rerun leaves provider_catalog equal to the emulator's state, removed
 * objects soft-deleted, nothing duplicated.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { providerAccounts, providerSyncCursors } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { createTestDb, createTestOrg } from "../test-db";
import { anthropicState, catalogRows, control, live, makeCatalogStale, sorted, sync } from "./admin-sync-helpers";
import { DATASET } from "./harness";

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

describe("Anthropic admin sync against the emulator over HTTP", () => {
  it("a listing failing on its second page stores nothing and deletes nothing; the rerun equals the emulator's state", async () => {
    expect((await control(emulator, "DELETE", "/anthropic/admin/changes")).status).toBe(200);
    expect((await control(emulator, "DELETE", "/faults")).status).toBe(200);
    const org = emulator.dataset.anthropic!.organizations[0]!;
    const adminKey = emulator.dataset.anthropic!.credentials.find((c) => c.kind === "admin" && c.orgId === org.id)!;
    const { org: tenant, actor } = await createTestOrg(handle.db, "owner", "anthropic-admin-sync");
    await createKey(
      handle.db,
      actor,
      createKeySchema.parse({ provider: "anthropic", label: "Anthropic admin", apiKey: adminKey.key }),
    );
    expect(await sync(handle.db, emulator, tenant.id)).not.toContain("CATALOG_INCOMPLETE");
    const [account] = await handle.db.select().from(providerAccounts).where(eq(providerAccounts.orgId, tenant.id));
    const accountId = account!.id;
    const initial = anthropicState(org);
    expect(org.apiKeys.length).toBeGreaterThan(2);
    expect(sorted(live(await catalogRows(handle.db, accountId)))).toEqual(sorted(initial));

    const [w0] = org.workspaces;
    const [key0, key1] = org.apiKeys;
    const [user0, user1] = org.users;
    const changed = await control(emulator, "POST", "/anthropic/admin/changes", {
      add: [
        { kind: "workspace", name: "Added workspace" },
        { kind: "api_key", name: "Added key", workspaceId: w0!.id },
        { kind: "user", name: "Added Person" },
      ],
      rename: [
        { kind: "workspace", id: w0!.id, name: "Renamed workspace" },
        { kind: "api_key", id: key0!.id, name: "Renamed key" },
        { kind: "user", id: user0!.id, name: "Renamed Person" },
      ],
      remove: [
        { kind: "api_key", id: key1!.id },
        { kind: "user", id: user1!.id },
      ],
    });
    expect(changed.status).toBe(200);
    const addedIds = (changed.body.added as { kind: string; id: string }[]).map(
      (a) => `${a.kind === "workspace" ? "project" : a.kind}:${a.id}`,
    );
    expect(addedIds).toHaveLength(3);
    const removedIds = [`api_key:${key1!.id}`, `user:${user1!.id}`];

    // The API key listing fails from its second page on (every retry).
    const fault = { key: "*", fault: "server_error", path: "/v1/organizations/api_keys", skip: 1 };
    expect((await control(emulator, "POST", "/faults", fault)).status).toBe(200);
    await makeCatalogStale(handle.db, accountId);
    expect(await sync(handle.db, emulator, tenant.id)).toContain("CATALOG_INCOMPLETE");
    // Anthropic's listing is stored whole: a cut-off listing changes nothing, and deletes nothing.
    const cut = await catalogRows(handle.db, accountId);
    expect(sorted(live(cut))).toEqual(sorted(initial));
    expect(cut.filter((r) => r.deletedAt !== null)).toEqual([]);

    expect((await control(emulator, "DELETE", "/faults")).status).toBe(200);
    expect(await sync(handle.db, emulator, tenant.id)).not.toContain("CATALOG_INCOMPLETE");
    const rows = await catalogRows(handle.db, accountId);
    const expected = anthropicState(org);
    expect(sorted(live(rows))).toEqual(sorted(expected));
    for (const id of addedIds) expect(expected.has(id), id).toBe(true);
    expect(expected.get(`project:${w0!.id}`)).toBe("Renamed workspace");
    const byId = new Map(rows.map((r) => [`${r.kind}:${r.externalId}`, r]));
    for (const id of removedIds) expect(byId.get(id)?.deletedAt, id).toBeInstanceOf(Date);
    expect(rows.filter((r) => r.deletedAt !== null)).toHaveLength(removedIds.length);
    expect(byId.size).toBe(rows.length);
    const cursors = await handle.db
      .select()
      .from(providerSyncCursors)
      .where(eq(providerSyncCursors.accountId, accountId));
    expect(cursors.length).toBeGreaterThan(0);
    for (const c of cursors)
      expect([c.endpoint, c.after, c.errorCount, c.listingStartedAt]).toEqual([c.endpoint, null, 0, null]);
  });
});
