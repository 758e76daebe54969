/** The analytics bench's database: a throwaway one, or a migrated one in place; and its names catalog. */
import path from "node:path";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { providerAccounts } from "@/db/schema";
import type { Db } from "@/db/types";
import { preflightSchema } from "@/lib/ingestion/preflight";
import type { CatalogEntry } from "@/lib/providers/types";
import type { Organization } from "../../emulator/types";
import { UsageError } from "../../lib/runtime";
import { openThrowawayDatabase } from "./throwaway-db";

export async function accountRow(db: Db, accountId: string) {
  const [row] = await db.select().from(providerAccounts).where(eq(providerAccounts.id, accountId));
  if (!row) throw new Error(`no provider account ${accountId}`);
  return row;
}

/** The generated organization's names, as the admin metadata sync would list them. */
export function catalogEntriesOf(org: Organization): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  for (const p of org.projects) {
    entries.push({ kind: "project", externalId: p.id, name: p.name ?? p.id, details: null });
    for (const u of org.projectUsers.get(p.id) ?? [])
      entries.push({ kind: "user", externalId: u.id, name: u.name ?? u.email ?? u.id, details: null });
    for (const sa of org.serviceAccounts.get(p.id) ?? [])
      entries.push({ kind: "service_account", externalId: sa.id, name: sa.name, details: null });
    for (const k of org.projectApiKeys.get(p.id) ?? [])
      entries.push({ kind: "api_key", externalId: k.id, name: k.name ?? k.redacted_value, details: null });
  }
  return entries;
}

export async function openTarget(databaseUrl: string | undefined, inPlace: boolean, reuse?: string) {
  if (reuse?.includes("/")) {
    // A PGlite folder a --keep run left behind (its data lives in ./pglite).
    const handle = await openDatabase({ kind: "pglite", dataDir: path.join(reuse, "pglite"), autoMigrate: true });
    return { ...handle, kind: "pglite" as const, where: `${reuse} (reused)` };
  }
  if (reuse) {
    if (!databaseUrl) throw new UsageError("--reuse needs --database-url or DATABASE_URL");
    if (!/^[a-z0-9_]{1,63}$/.test(reuse)) {
      throw new UsageError("--reuse takes a database name (a-z, 0-9, _) or a PGlite folder path");
    }
    const url = new URL(databaseUrl);
    url.pathname = `/${reuse}`;
    const handle = await openDatabase({ kind: "pg", url: url.toString(), autoMigrate: true });
    return { ...handle, kind: "postgresql" as const, where: `database ${reuse} on ${url.host} (reused)` };
  }
  if (inPlace) {
    if (!databaseUrl) throw new UsageError("--in-place needs --database-url or DATABASE_URL");
    const handle = await openDatabase({ kind: "pg", url: databaseUrl, autoMigrate: false });
    const preflight = await preflightSchema(handle.db);
    if (!preflight.ok) {
      await handle.close();
      throw new UsageError(preflight.missing ?? "the database is not migrated");
    }
    return { ...handle, kind: "postgresql" as const, where: "in place" };
  }
  return openThrowawayDatabase({ label: "bench_analytics", databaseUrl });
}
