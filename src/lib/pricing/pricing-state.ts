/**
 * usage_pricing_state: which PRICING_VERSION an account's stored costs were computed with. The
 * rollup refresh re-prices an account whose version differs (or is missing: usage stored before
 * cost_usd existed). A brand-new account's rows are priced at ingest with the current version,
 * so persistence marks it current before its first rows land and its first refresh re-prices nothing.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { repriceUsageRows } from "./reprice-rows";
import { PRICING_VERSION } from "./version";

/** Marks an account with no usage yet as priced with the current version (a no-op otherwise). */
export async function markNewAccountPriced(db: Db, orgId: string, accountId: string): Promise<void> {
  await db.execute(sql`
    insert into usage_pricing_state (account_id, org_id, pricing_version)
    select ${accountId}::uuid, ${orgId}::uuid, ${PRICING_VERSION}
    where not exists (select 1 from usage_events where account_id = ${accountId}::uuid)
    on conflict (account_id) do nothing`);
}

/**
 * Re-prices all of an account's rows when they were priced with another PRICING_VERSION (or
 * before cost_usd existed), then records the current version. True when it re-priced. The rollup
 * refresh calls this first, so the cubes it builds carry one pricing.
 */
export async function repriceAccountIfStale(db: Db, orgId: string, accountId: string): Promise<boolean> {
  const [state] = rowsOf<{ version: string }>(
    await db.execute(
      sql`select pricing_version as version from usage_pricing_state where account_id = ${accountId}::uuid`,
    ),
  );
  if (state?.version === PRICING_VERSION) return false;
  await repriceUsageRows(db, { orgId, accountId });
  await db.execute(sql`
    insert into usage_pricing_state (account_id, org_id, pricing_version, priced_at)
    values (${accountId}::uuid, ${orgId}::uuid, ${PRICING_VERSION}, now())
    on conflict (account_id) do update set pricing_version = excluded.pricing_version, priced_at = now()`);
  return true;
}
