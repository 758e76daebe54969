import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { auditCsvFilename, exportAuditCsv } from "@/lib/orgs/audit-csv";
import { auditExportQuerySchema } from "@/lib/orgs/audit-filters";

export const dynamic = "force-dynamic";

/** The audit log as CSV with the listing's filters: `?start&end&action` (admins). */
export const GET = apiRoute(
  { permission: "audit:read", query: auditExportQuerySchema },
  async ({ actor, query, requestId }) =>
    new Response(exportAuditCsv(await getDb(), actor, query), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${auditCsvFilename(query)}"`,
        "cache-control": "no-store",
        "x-request-id": requestId,
      },
    }),
);
