import { getDb } from "@/db/client";
import { anomaliesQuerySchema, listAnomaliesFor } from "@/lib/anomalies/detect";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "usage:read", query: anomaliesQuerySchema }, async ({ actor, query }) =>
  listAnomaliesFor(await getDb(), actor, query),
);
