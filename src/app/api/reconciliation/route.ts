import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { getReconciliation, reconciliationQuerySchema } from "@/lib/reconciliation";

export const dynamic = "force-dynamic";

/** Billed vs computed cost per closed UTC day, provider and project; flagged rows carry their line items. */
export const GET = apiRoute(
  { permission: "reconciliation:read", tokenScope: "costs:read", query: reconciliationQuerySchema },
  async ({ actor, query }) => getReconciliation(await getDb(), actor, query),
);
