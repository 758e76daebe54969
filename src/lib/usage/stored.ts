/** Stored usage rows of one organization, row by row, and the names behind their ids, for the parity diff CLI. */
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import {
  organizations,
  providerAccounts,
  providerCatalog,
  usageEvents,
  type CatalogKind,
  type PROVIDERS,
} from "@/db/schema";
import type { Db } from "@/db/types";
import { DAY_MS, parseUtcDate } from "@/lib/ingestion/windows";

export type StoredUsageRow = typeof usageEvents.$inferSelect;

/**
 * Rows whose bucket starts on start..end (inclusive UTC days), in a stable order; of one provider and
 * only those of `endpoints` when given (the usage CSV export holds token usage, not images or storage).
 */
export async function listStoredUsage(
  db: Db,
  orgId: string,
  range?: { start: string; end: string },
  opts: { endpoints?: readonly string[]; provider?: string } = {},
): Promise<StoredUsageRow[]> {
  const scope = [eq(usageEvents.orgId, orgId)];
  if (opts.endpoints) scope.push(inArray(usageEvents.endpoint, [...opts.endpoints]));
  if (opts.provider) scope.push(eq(usageEvents.provider, opts.provider));
  if (range) {
    scope.push(gte(usageEvents.windowStart, parseUtcDate(range.start)));
    scope.push(lt(usageEvents.windowStart, new Date(parseUtcDate(range.end).getTime() + DAY_MS)));
  }
  return db
    .select()
    .from(usageEvents)
    .where(and(...scope))
    .orderBy(
      asc(usageEvents.windowStart),
      asc(usageEvents.projectId),
      asc(usageEvents.apiKeyId),
      asc(usageEvents.providerUserId),
      asc(usageEvents.model),
      asc(usageEvents.batch),
      asc(usageEvents.serviceTier),
      asc(usageEvents.id),
    );
}

/** Up to `limit` organizations that have stored usage. */
export async function orgsWithStoredUsage(db: Db, limit: number): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(sql`exists (select 1 from ${usageEvents} e where e.org_id = ${organizations.id})`)
    .orderBy(asc(organizations.id))
    .limit(limit);
}

/** The organization's catalog names of one kind for one provider (e.g. Anthropic workspaces), by external id. */
export async function listCatalogNames(
  db: Db,
  orgId: string,
  provider: (typeof PROVIDERS)[number],
  kind: CatalogKind,
): Promise<{ externalId: string; name: string }[]> {
  return db
    .select({ externalId: providerCatalog.externalId, name: providerCatalog.name })
    .from(providerCatalog)
    .innerJoin(providerAccounts, eq(providerAccounts.id, providerCatalog.accountId))
    .where(
      and(eq(providerCatalog.orgId, orgId), eq(providerCatalog.kind, kind), eq(providerAccounts.provider, provider)),
    )
    .orderBy(asc(providerCatalog.externalId), asc(providerCatalog.name));
}
