import { getDb } from "@/db/client";
import { runUsageQuery, usageQuerySchema } from "@/lib/analytics";
import { apiRoute } from "@/lib/http/route";
import { fetchAndStoreUsageForUser } from "@/lib/ingestion/fetch-and-store";
import { API_MAX_DAYS, ingestRequestSchema } from "@/lib/usage/schemas";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const POST = apiRoute({ body: ingestRequestSchema }, async ({ user, body }) =>
  fetchAndStoreUsageForUser(await getDb(), user.id, { ...body, trigger: "api", maxDays: API_MAX_DAYS }),
);

/** Read side: `view` = rows (default), totals, timeseries or breakdown, over the same filters. */
export const GET = apiRoute({ query: usageQuerySchema }, async ({ user, query }) =>
  runUsageQuery(await getDb(), user.id, query),
);
