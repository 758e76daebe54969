import type { Db } from "@/db/types";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { fetchAndStoreUsageForOrg, type IngestionDeps, type IngestionOptions } from "./fetch-and-store";

/** Refresh and POST /api/usage: an admin (or a token with ingest:write) pulls usage for their organization. */
export async function ingestForActor(
  db: Db,
  actor: ActingAs,
  options: Omit<IngestionOptions, "triggeredByUserId">,
  deps: IngestionDeps = {},
) {
  assertCan(actor, "ingest:write");
  return fetchAndStoreUsageForOrg(db, actor.orgId, { ...options, triggeredByUserId: actor.userId }, deps);
}
