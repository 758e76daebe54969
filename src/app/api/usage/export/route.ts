import { getDb } from "@/db/client";
import { csvFilename, exportUsageCsv, usageExportQuerySchema } from "@/lib/analytics";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = apiRoute(
  { permission: "usage:export", tokenScope: "usage:read", query: usageExportQuerySchema },
  async ({ actor, query, requestId }) => {
    const body = await exportUsageCsv(await getDb(), actor, query);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${csvFilename(query)}"`,
        "cache-control": "no-store",
        "x-request-id": requestId,
      },
    });
  },
);
