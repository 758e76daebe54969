import { getDb } from "@/db/client";
import { runUsageQuery, usageQuerySchema } from "@/lib/analytics";
import { apiRoute } from "@/lib/http/route";
import { ingestForActor } from "@/lib/ingestion/for-actor";
import { API_MAX_DAYS, ingestRequestSchema } from "@/lib/usage/schemas";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const POST = apiRoute(
  { permission: "ingest:write", tokenScope: "ingest:write", body: ingestRequestSchema },
  async ({ actor, body }) => ingestForActor(await getDb(), actor, { ...body, trigger: "api", maxDays: API_MAX_DAYS }),
);

/** Read side: `view` = rows (default), totals, timeseries or breakdown, over the same filters. */
export const GET = apiRoute(
  { permission: "usage:read", tokenScope: "usage:read", query: usageQuerySchema },
  async ({ actor, query }) => runUsageQuery(await getDb(), actor, query),
);
