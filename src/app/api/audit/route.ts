import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { auditQuerySchema } from "@/lib/orgs/audit-filters";
import { listAuditEntries } from "@/lib/orgs/audit-list";

export const dynamic = "force-dynamic";

/** The current organization's audit log, newest first: `?start&end&action&cursor&limit` (admins). */
export const GET = apiRoute({ permission: "audit:read", query: auditQuerySchema }, async ({ actor, query }) =>
  listAuditEntries(await getDb(), actor, query),
);
