/**
 * usage_pricing_state: which PRICING_VERSION an account's stored costs were computed with. The
 * rollup refresh re-prices an account whose version differs (or is missing: usage stored before
 * cost_usd existed). A brand-new account's rows are priced at ingest with the current version,
 * so persistence marks it current before its first rows land and its first refresh re-prices nothing.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/types";
import { PRICING_VERSION } from "./version";

/** Marks an account with no usage yet as priced with the current version (a no-op otherwise). */
export async function markNewAccountPriced(db: Db, orgId: string, accountId: string): Promise<void> {
  await db.execute(sql`
    insert into usage_pricing_state (account_id, org_id, pricing_version)
    select ${accountId}::uuid, ${orgId}::uuid, ${PRICING_VERSION}
    where not exists (select 1 from usage_events where account_id = ${accountId}::uuid)
    on conflict (account_id) do nothing`);
}
