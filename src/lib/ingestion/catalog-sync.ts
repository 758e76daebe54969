/**
 * The admin metadata sync of one provider account: objects are upserted page by page (first/last
 * seen), each endpoint's cursor is kept in provider_sync_cursors so a cut-off sync resumes, and when
 * a round has listed everything, objects it did not see are soft-deleted.
 */
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { providerAccounts, providerCatalog, providerSyncCursors } from "@/db/schema";
import type { Db } from "@/db/types";
import type { AccountRow } from "@/lib/accounts/attach";
import type { CatalogEntry, CatalogSink } from "@/lib/providers/types";

/** Names change rarely and listing them costs a request per project, so refresh twice a day at most. */
export const CATALOG_MAX_AGE_MS = 12 * 3600_000;
/** The cursor row of the whole round. */
const ROUND = "*";

export function catalogIsStale(account: AccountRow, now: number) {
  return !account.catalogSyncedAt || now - account.catalogSyncedAt.getTime() > CATALOG_MAX_AGE_MS;
}

interface CatalogSource {
  catalog?(signal?: AbortSignal): Promise<CatalogEntry[]>;
  syncCatalog?(sink: CatalogSink, signal?: AbortSignal): Promise<void>;
}

export interface CatalogSyncResult {
  objects: number;
  deleted: number;
}

async function upsertEntries(db: Db, account: AccountRow, entries: CatalogEntry[], seenAt: Date) {
  const unique = new Map(entries.map((e) => [`${e.kind}:${e.externalId}`, e]));
  const values = [...unique.values()].map((e) => ({
    orgId: account.orgId,
    accountId: account.id,
    kind: e.kind,
    externalId: e.externalId,
    name: e.name,
    details: e.details,
    archivedAt: e.archivedAt ?? null,
    expiresAt: e.expiresAt ?? null,
    firstSeenAt: seenAt,
    lastSeenAt: seenAt,
    deletedAt: null,
    updatedAt: seenAt,
  }));
  for (let i = 0; i < values.length; i += 500) {
    await db
      .insert(providerCatalog)
      .values(values.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [providerCatalog.accountId, providerCatalog.kind, providerCatalog.externalId],
        set: {
          name: sql`excluded.name`,
          details: sql`excluded.details`,
          archivedAt: sql`excluded.archived_at`,
          expiresAt: sql`excluded.expires_at`,
          lastSeenAt: sql`excluded.last_seen_at`,
          deletedAt: sql`null`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
  return values.length;
}

type CursorRow = typeof providerSyncCursors.$inferSelect;

async function cursorRow(db: Db, accountId: string, endpoint: string) {
  const [row] = await db
    .select()
    .from(providerSyncCursors)
    .where(and(eq(providerSyncCursors.accountId, accountId), eq(providerSyncCursors.endpoint, endpoint)));
  return row ?? null;
}

async function saveCursor(
  db: Db,
  accountId: string,
  endpoint: string,
  set: Partial<typeof providerSyncCursors.$inferInsert>,
) {
  const values = { accountId, endpoint, updatedAt: new Date(), ...set };
  await db
    .insert(providerSyncCursors)
    .values(values)
    .onConflictDoUpdate({ target: [providerSyncCursors.accountId, providerSyncCursors.endpoint], set: values });
}

/** A round in progress (an earlier sync was cut off) continues; otherwise a new one starts now. */
async function roundStart(db: Db, accountId: string, round: CursorRow | null, now: Date): Promise<Date> {
  if (round?.listingStartedAt) return round.listingStartedAt;
  await saveCursor(db, accountId, ROUND, { listingStartedAt: now, after: null });
  return now;
}

export async function syncCatalog(
  db: Db,
  account: AccountRow,
  source: CatalogSource,
  opts: { signal?: AbortSignal; now?: () => Date } = {},
): Promise<CatalogSyncResult> {
  const now = opts.now ?? (() => new Date());
  // Every cursor of the account in one read; within a sync only this sync writes them.
  const cursors = new Map(
    (await db.select().from(providerSyncCursors).where(eq(providerSyncCursors.accountId, account.id))).map((r) => [
      r.endpoint,
      r,
    ]),
  );
  const started = await roundStart(db, account.id, cursors.get(ROUND) ?? null, now());
  /** When each endpoint's listing began: written with its first page, so a fresh start costs no write of its own. */
  const listingStarts = new Map<string, Date>();
  let objects = 0;
  let current: string | null = null;
  const sink: CatalogSink = {
    async resume(endpoint) {
      current = endpoint;
      const row = cursors.get(endpoint);
      if (row?.lastSuccessAt && row.lastSuccessAt >= started) return { done: true };
      if (row?.after && row.listingStartedAt && row.listingStartedAt >= started) {
        listingStarts.set(endpoint, row.listingStartedAt);
        return { done: false, after: row.after };
      }
      listingStarts.set(endpoint, now());
      return { done: false };
    },
    async page(endpoint, entries, after) {
      current = endpoint;
      const at = now();
      objects += await upsertEntries(db, account, entries, at);
      const listingStartedAt = listingStarts.get(endpoint);
      await saveCursor(db, account.id, endpoint, {
        after,
        ...(listingStartedAt ? { listingStartedAt } : {}),
        ...(after === null ? { lastSuccessAt: at, errorCount: 0, lastError: null } : {}),
      });
    },
  };
  try {
    if (source.syncCatalog) await source.syncCatalog(sink, opts.signal);
    else if (source.catalog) await sink.page("catalog", await source.catalog(opts.signal), null);
  } catch (e) {
    if (current) {
      const row = await cursorRow(db, account.id, current);
      await saveCursor(db, account.id, current, {
        errorCount: (row?.errorCount ?? 0) + 1,
        lastError: e instanceof Error ? e.message.slice(0, 500) : "unknown error",
      });
    }
    throw e;
  }
  const finished = now();
  const deleted = await db
    .update(providerCatalog)
    .set({ deletedAt: finished })
    .where(
      and(
        eq(providerCatalog.accountId, account.id),
        isNull(providerCatalog.deletedAt),
        lt(providerCatalog.lastSeenAt, started),
      ),
    )
    .returning({ id: providerCatalog.externalId });
  await saveCursor(db, account.id, ROUND, {
    listingStartedAt: null,
    lastSuccessAt: finished,
    errorCount: 0,
    lastError: null,
  });
  await db
    .update(providerAccounts)
    .set({ catalogSyncedAt: finished })
    .where(and(eq(providerAccounts.id, account.id), eq(providerAccounts.orgId, account.orgId)));
  return { objects, deleted: deleted.length };
}

/** Stores a whole listing at once (kept for callers with entries in hand): one complete round. */
export async function storeCatalog(db: Db, account: AccountRow, entries: CatalogEntry[]) {
  return (await syncCatalog(db, account, { catalog: async () => entries })).objects;
}
