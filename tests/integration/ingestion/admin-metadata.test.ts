/**
 * Admin metadata: every admin object of an OpenAI organization is stored with the provider's id,
 * first/last seen and expiry, each listing's cursor is kept, objects a complete round no longer
 * lists are soft-deleted (and revived when they return), and a cut-off sync resumes from its cursor.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { providerAccounts, providerCatalog, providerSyncCursors } from "@/db/schema";
import type { Db, DbHandle } from "@/db/types";
import { alertExpiringCertificates } from "@/lib/accounts/certificate-alerts";
import { expiringCertificateAlerts, listCertificates } from "@/lib/accounts/certificates";
import { createChannel } from "@/lib/notifications/channels/create";
import { syncCatalog } from "@/lib/ingestion/catalog-sync";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import type { CatalogEntry, CatalogSink } from "@/lib/providers/types";
import { createTestDb } from "../test-db";
import { DATASET, emulatorConfig, orgWithAdminKey, WINDOW } from "./harness";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startEmulator({ dataset: generateDataset({ ...DATASET, archivedProjects: 1 }), port: 0 });
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

async function accountOf(db: Db, orgId: string) {
  const [account] = await db.select().from(providerAccounts).where(eq(providerAccounts.orgId, orgId));
  return account!;
}

const entry = (kind: CatalogEntry["kind"], id: string): CatalogEntry => ({
  kind,
  externalId: id,
  name: `name ${id}`,
  details: null,
});

/** A provider whose listing is given per endpoint as pages; `failAfter` cuts the sync off after that many pages. */
function fakeSource(listing: Record<string, CatalogEntry[][]>, failAfter = Infinity) {
  let served = 0;
  return {
    async syncCatalog(sink: CatalogSink) {
      for (const [endpoint, pages] of Object.entries(listing)) {
        const state = await sink.resume(endpoint);
        if (state.done) continue;
        let index = state.after ? Number(state.after) : 0;
        for (; index < pages.length; index++) {
          if (served++ >= failAfter) throw new Error("connection reset");
          await sink.page(endpoint, pages[index]!, index + 1 < pages.length ? String(index + 1) : null);
        }
      }
    },
  };
}

async function objects(db: Db, accountId: string) {
  return db.select().from(providerCatalog).where(eq(providerCatalog.accountId, accountId));
}

describe("admin metadata from the emulator", () => {
  it("stores every kind of admin object with ids, expiry and cursors", async () => {
    const { orgId, actor } = await orgWithAdminKey(handle.db, emulator);
    const result = await fetchAndStoreUsageForOrg(
      handle.db,
      orgId,
      { ...WINDOW, trigger: "api" },
      { config: emulatorConfig(emulator) },
    );
    expect(result.telemetry.issues).toEqual([]);
    const org = emulator.dataset.organizations[0]!;
    const account = await accountOf(handle.db, orgId);
    const rows = await objects(handle.db, account.id);
    const ids = (kind: string) =>
      rows
        .filter((r) => r.kind === kind)
        .map((r) => r.externalId)
        .sort();

    expect(ids("project")).toEqual(org.projects.map((p) => p.id).sort());
    const archived = rows.filter((r) => r.kind === "project" && r.archivedAt);
    expect(archived.length).toBe(1);
    expect(ids("admin_api_key")).toEqual(org.adminApiKeys.map((k) => k.id).sort());
    // OpenAI refuses to list an archived project's service accounts; its API keys are still listed.
    const live = org.projects.filter((p) => p.status !== "archived").map((p) => p.id);
    expect(ids("service_account")).toEqual(
      live
        .flatMap((id) => org.serviceAccounts.get(id) ?? [])
        .map((s) => s.id)
        .sort(),
    );
    expect(ids("api_key")).toEqual(
      [...org.projectApiKeys.values()]
        .flat()
        .map((k) => k.id)
        .sort(),
    );
    const certs = rows.filter((r) => r.kind === "certificate");
    expect(certs.map((c) => [c.externalId, c.expiresAt?.getTime()]).sort()).toEqual(
      org.certificates.map((c) => [c.id, c.certificate_details.expires_at * 1000]).sort(),
    );
    expect(rows.every((r) => r.deletedAt === null && r.firstSeenAt && r.lastSeenAt)).toBe(true);
    // The admin key's own secret never lands in the metadata: only redacted values.
    expect(JSON.stringify(rows)).not.toMatch(/sk-admin-[A-Za-z0-9]{8}/);

    const cursors = await handle.db
      .select()
      .from(providerSyncCursors)
      .where(eq(providerSyncCursors.accountId, account.id));
    const endpoints = cursors.map((c) => c.endpoint);
    expect(endpoints).toContain("/organization/admin_api_keys");
    expect(endpoints).toContain("/organization/certificates");
    expect(cursors.every((c) => c.lastSuccessAt !== null && c.after === null)).toBe(true);
    expect(cursors.find((c) => c.endpoint === "*")!.listingStartedAt).toBeNull();

    // The Keys page's certificate list and the expiry alert, 10 days before the active one expires.
    const current = org.certificates.find((c) => c.active)!;
    const tenDaysBefore = (current.certificate_details.expires_at - 10 * 86_400) * 1000;
    const listed = await listCertificates(handle.db, actor, tenDaysBefore);
    expect(listed.map((c) => [c.id, c.daysLeft, c.expiringSoon])).toContainEqual([current.id, 10, true]);
    const alerts = await expiringCertificateAlerts(handle.db, orgId, tenDaysBefore);
    expect(alerts.map((a) => a.idempotencyKey)).toEqual([
      `certificate:${account.id}:${current.id}:${new Date(current.certificate_details.expires_at * 1000).toISOString().slice(0, 10)}`,
    ]);
    expect(alerts[0]!.message.title).toContain("expires in 10 days");
    // An inactive certificate is listed but never alerted on.
    // Queued once to every channel of the organization, and not again on the next run.
    expect(await alertExpiringCertificates(handle.db, orgId, tenDaysBefore)).toBe(0);
    await createChannel(handle.db, actor, { type: "email", name: "Ops mail", email: "ops@example.com" });
    expect(await alertExpiringCertificates(handle.db, orgId, tenDaysBefore)).toBe(1);
    expect(await alertExpiringCertificates(handle.db, orgId, tenDaysBefore + 86_400_000)).toBe(0);
    const inactive = org.certificates.find((c) => !c.active)!;
    const beforeInactive = (inactive.certificate_details.expires_at - 5 * 86_400) * 1000;
    expect((await expiringCertificateAlerts(handle.db, orgId, beforeInactive)).map((a) => a.idempotencyKey)).toEqual(
      [],
    );
  });
});

describe("rounds, soft delete and resume", () => {
  it("soft-deletes what a complete round no longer lists, and revives it when it returns", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator, undefined, "soft delete");
    const account = await accountOf(handle.db, orgId);
    let clock = Date.parse("2026-11-01T00:00:00Z");
    const now = () => new Date((clock += 1000));
    const both = { "/p": [[entry("project", "p1"), entry("project", "p2")]] };
    await syncCatalog(handle.db, account, fakeSource(both), { now });
    const first = await objects(handle.db, account.id);
    const firstSeen = first.find((r) => r.externalId === "p2")!.firstSeenAt;

    const result = await syncCatalog(handle.db, account, fakeSource({ "/p": [[entry("project", "p1")]] }), { now });
    expect(result.deleted).toBe(1);
    const second = await objects(handle.db, account.id);
    expect(second.find((r) => r.externalId === "p2")!.deletedAt).not.toBeNull();
    expect(second.find((r) => r.externalId === "p1")!.deletedAt).toBeNull();

    await syncCatalog(handle.db, account, fakeSource(both), { now });
    const third = await objects(handle.db, account.id);
    const p2 = third.find((r) => r.externalId === "p2")!;
    expect(p2.deletedAt).toBeNull();
    expect(p2.firstSeenAt.getTime()).toBe(firstSeen.getTime());
  });

  it("resumes a cut-off round from the endpoint's cursor and deletes nothing it saw before the cut", async () => {
    const { orgId } = await orgWithAdminKey(handle.db, emulator, undefined, "resume");
    const account = await accountOf(handle.db, orgId);
    let clock = Date.parse("2026-11-02T00:00:00Z");
    const now = () => new Date((clock += 1000));
    const listing = {
      "/a": [[entry("api_key", "a1")], [entry("api_key", "a2")]],
      "/b": [[entry("user", "u1")], [entry("user", "u2")], [entry("user", "u3")]],
    };
    // An earlier complete round knew an object the provider no longer lists.
    await syncCatalog(handle.db, account, fakeSource({ "/old": [[entry("user", "gone")]] }), { now });

    await expect(syncCatalog(handle.db, account, fakeSource(listing, 3), { now })).rejects.toThrow(/connection reset/);
    const cut = await handle.db
      .select()
      .from(providerSyncCursors)
      .where(and(eq(providerSyncCursors.accountId, account.id), eq(providerSyncCursors.endpoint, "/b")));
    expect(cut[0]).toMatchObject({ after: "1", errorCount: 1, lastError: "connection reset" });
    expect((await objects(handle.db, account.id)).find((r) => r.externalId === "gone")!.deletedAt).toBeNull();

    // The second sync must not list /a again nor /b's first page.
    const pagesServed: string[] = [];
    const counting = {
      async syncCatalog(sink: CatalogSink) {
        const inner = fakeSource(listing);
        await inner.syncCatalog({
          resume: (e) => sink.resume(e),
          page: async (e, entries, after) => {
            pagesServed.push(`${e}:${entries.map((x) => x.externalId).join(",")}`);
            await sink.page(e, entries, after);
          },
        });
      },
    };
    const result = await syncCatalog(handle.db, account, counting, { now });
    expect(pagesServed).toEqual(["/b:u2", "/b:u3"]);
    const rows = await objects(handle.db, account.id);
    expect(
      rows
        .filter((r) => r.deletedAt === null)
        .map((r) => r.externalId)
        .sort(),
    ).toEqual(["a1", "a2", "u1", "u2", "u3"]);
    expect(rows.find((r) => r.externalId === "gone")!.deletedAt).not.toBeNull();
    expect(result.deleted).toBe(1);
  });
});
